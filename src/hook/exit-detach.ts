// The postStop hook's work done early, by the container's logger at the moment it sees the
// container's init exit: the networks are released when the container stops (as docker does),
// by a process that is already running, and the postStop hook that runc runs later finds
// nothing attached and returns without starting Node (see container/oci-hooks.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasAttachments } from '../network/attach';
import { runOciHook } from './run-hook';
import { postStopHookGlobals } from './hook-args';
import { cniNetworkNames, hookContainer, parseOciState } from './oci-state';

/**
 * Detaches the exited container of task bundle `bundleDir` from its CNI networks; false when there
 * was nothing to do. `stillOwned` (checked under the CNI lock) must say whether the bundle is still
 * the exited task's: containerd's restart monitor may already have made a new task, whose
 * createRuntime hook attached the same container ID again.
 */
export async function detachAtExit(bundleDir: string, stillOwned: () => boolean): Promise<boolean> {
  let spec: Parameters<typeof postStopHookGlobals>[0];
  try {
    spec = JSON.parse(readFileSync(join(bundleDir, 'config.json'), 'utf8')) as typeof spec;
  } catch {
    return false;
  }
  const globals = postStopHookGlobals(spec);
  if (!globals) return false;
  const stdin = JSON.stringify({ id: bundleDir.slice(bundleDir.lastIndexOf('/') + 1), pid: 0, bundle: bundleDir });
  const container = hookContainer(parseOciState(stdin), globals.namespace);
  const networks = cniNetworkNames(container.networks);
  if (!hasAttachments({ namespace: container.namespace, id: container.id, networks })) return false;
  await runOciHook('postStop', globals, stdin, stillOwned);
  return true;
}
