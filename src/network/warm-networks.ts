// Networks that have had a container attached under the CNI lock since boot. CNI plugins race
// when two of them create the same shared iptables chain at once (nerdctl #2908: "chain
// CNI-ISOLATION-STAGE-2 already exists"), which is why attaching takes a global lock. Those
// chains are created by the first attachment to a network; once one succeeded, later ones only
// add their own per-container rules, so they may run side by side (compose up, parallel runs).
// A marker in /run (gone at reboot, with the chains) records that; an unlocked attempt that
// fails anyway is rolled back and retried under the lock. The marker also means the network's
// own rules (network-rules.ts) are installed: they go in before the first locked attachment.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkConfigList } from '../../cni/types';

export const WARM_DIR = '/run/nerdts/net-ready';

function markerPath(netconfPath: string, conflist: Pick<NetworkConfigList, 'name' | 'nerdctlID'>, dir: string): string {
  const key = createHash('sha256').update(`${netconfPath}\0${conflist.name}\0${conflist.nerdctlID ?? ''}`).digest('hex').slice(0, 24);
  return join(dir, key);
}

/** Whether every network had a locked attachment succeed since boot. */
export function areWarm(netconfPath: string, conflists: readonly NetworkConfigList[], dir: string = WARM_DIR): boolean {
  return conflists.length > 0 && conflists.every((c) => existsSync(markerPath(netconfPath, c, dir)));
}

/** Records a successful locked attachment to these networks. */
export function markWarm(netconfPath: string, conflists: readonly NetworkConfigList[], dir: string = WARM_DIR): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const c of conflists) writeFileSync(markerPath(netconfPath, c, dir), '');
  } catch { /* only costs the lock next time */ }
}

/** Forgets a network (it is being removed or recreated). */
export function forgetWarm(netconfPath: string, conflist: Pick<NetworkConfigList, 'name' | 'nerdctlID'>, dir: string = WARM_DIR): void {
  rmSync(markerPath(netconfPath, conflist, dir), { force: true });
}
