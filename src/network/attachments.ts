// A container's current CNI attachments as libcni's result cache records them
// (<cache>/results/<net>-<cni id>-<ifname>). connect/disconnect change them while the container
// runs, so its labels can lag behind; detaching goes by the cache so no network is left attached.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CACHE_DIR } from '../../cni/result-cache';

export interface CachedLink {
  network: string;
  ifname: string;
}

/** The (network, ifname) pairs cached for a CNI container ID, ordered by interface number. */
export function cachedLinks(cniId: string, cacheDir: string = DEFAULT_CACHE_DIR, list: (dir: string) => string[] = safeList): CachedLink[] {
  const marker = `-${cniId}-`;
  const out: CachedLink[] = [];
  for (const file of list(join(cacheDir, 'results'))) {
    const at = file.lastIndexOf(marker);
    if (at <= 0) continue;
    const ifname = file.slice(at + marker.length);
    if (!/^eth\d+$/.test(ifname)) continue;
    out.push({ network: file.slice(0, at), ifname });
  }
  return out.sort((a, b) => Number(a.ifname.slice(3)) - Number(b.ifname.slice(3)));
}

function safeList(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}

/** The first ethN no cached attachment uses. */
export function freeIfname(links: readonly CachedLink[]): string {
  const used = new Set(links.map((l) => l.ifname));
  let i = 0;
  while (used.has(`eth${i}`)) i++;
  return `eth${i}`;
}

/**
 * The networks to tear down with their interfaces: every cached attachment, plus the labelled
 * networks the cache does not know (at their positional ethN, as they were attached).
 */
export function detachPlan(labelled: readonly string[], links: readonly CachedLink[]): CachedLink[] {
  const out = [...links];
  labelled.forEach((network, i) => {
    if (!out.some((l) => l.network === network)) out.push({ network, ifname: `eth${i}` });
  });
  return out;
}
