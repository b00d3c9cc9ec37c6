// The OCI state runc gives hooks on stdin, and what the nerdctl/* annotations (mirrors of the
// container's internal labels) say about the container's networking.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NerdtsError } from '../errors';
import { LABELS, decodeStringList } from '../container/labels';

/** The fields of the OCI runtime state the hook uses. */
export interface OciState {
  id: string;
  pid: number;
  bundle: string;
  annotations: Record<string, string>;
}

/** Parses the state JSON; annotations come from the bundle's config.json when the state has none. */
export function parseOciState(text: string, readText: (path: string) => string | undefined = readOptional): OciState {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new NerdtsError('invalid-argument', 'the OCI state on stdin is not JSON', { hint: 'this command is run by runc as an OCI hook' });
  }
  const id = typeof raw.id === 'string' ? raw.id : '';
  if (!id) throw new NerdtsError('invalid-argument', 'the OCI state on stdin has no container id');
  const bundle = typeof raw.bundle === 'string' ? raw.bundle : '';
  let annotations = stringMap(raw.annotations);
  if (Object.keys(annotations).length === 0 && bundle) {
    const config = readText(join(bundle, 'config.json'));
    try { annotations = stringMap(config ? (JSON.parse(config) as Record<string, unknown>).annotations : undefined); } catch { /* keep empty */ }
  }
  return { id, pid: typeof raw.pid === 'number' ? raw.pid : 0, bundle, annotations };
}

function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function readOptional(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}

/** What the annotations say about a container's networking. */
export interface HookContainer {
  id: string;
  namespace: string;
  name: string;
  hostname: string;
  domainname: string;
  stateDir: string;
  networks: string[];
  extraHosts: Record<string, string>;
  /** --ip and --mac-address (nerdctl/ip, nerdctl/mac-address); '' when not given. */
  ip: string;
  macAddress: string;
}

/** The container as its annotations describe it; `namespace` is the fallback for old containers. */
export function hookContainer(state: OciState, namespace: string): HookContainer {
  const a = state.annotations;
  const extraHosts: Record<string, string> = {};
  for (const entry of decodeStringList(a, LABELS.extraHosts)) {
    const sep = entry.indexOf(':');
    if (sep > 0) extraHosts[entry.slice(0, sep)] = entry.slice(sep + 1);
  }
  return {
    id: state.id,
    namespace: a[LABELS.namespace] || namespace,
    name: a[LABELS.name] ?? '',
    hostname: a[LABELS.hostname] ?? state.id.slice(0, 12),
    domainname: a[LABELS.domainname] ?? '',
    stateDir: a[LABELS.stateDir] ?? '',
    networks: decodeStringList(a, LABELS.networks),
    extraHosts,
    ip: a[LABELS.ip] ?? '',
    macAddress: a[LABELS.macAddress] ?? '',
  };
}

/** Networks the hook attaches through CNI (none, host and container:<id> need nothing). */
export function cniNetworkNames(networks: readonly string[]): string[] {
  return networks.filter((n) => n !== 'none' && n !== 'host' && !n.startsWith('container:'));
}
