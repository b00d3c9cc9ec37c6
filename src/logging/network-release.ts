// At the container's exit the logger releases its networks (docker releases them when a
// container stops), doing the postStop hook's work in this already running process so that the
// hook runc runs at task deletion has nothing left to do (see container/oci-hooks.ts). The hook
// chunk is loaded only then, and only for containers with CNI networks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireSiblingChunk } from './sibling-chunk';

/** Identity of the task bundle directory at start-up; a restart makes a new directory. */
export function bundleIdentity(bundleDir: string): number | undefined {
  try { return fs.statSync(bundleDir).ino; } catch { return undefined; }
}

function loadHookChunk(): typeof import('../hook/chunk') {
  return requireSiblingChunk('hook', 'hook', 'chunk');
}

/** Detaches the exited container's networks; failures are left to the postStop hook. */
export async function releaseNetworks(bundleDir: string, identity: number | undefined): Promise<void> {
  if (identity === undefined) return;
  try {
    if (!fs.readFileSync(path.join(bundleDir, 'config.json'), 'latin1').includes('"oci-hook"')) return;
    // The shim starts the logger with no PATH; the plugins and the leftover-rule sweep run iptables.
    process.env.PATH ||= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    await loadHookChunk().detachAtExit(bundleDir, () => bundleIdentity(bundleDir) === identity);
  } catch {
    // the postStop hook detaches at task deletion
  }
}
