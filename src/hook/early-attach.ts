// The createRuntime hook's work done early, by the client that starts the task: a container with
// a pinned network namespace (network/pinned-netns.ts) is attached to its networks from this
// already running process, beside the task's creation, so the hook runc runs finds the
// attachment cached and ends without starting Node (container/oci-hooks.ts). The hook still
// attaches when containerd's restart monitor starts the task.
import { LABELS, decodeStringList } from '../container/labels';
import { hasAttachments } from '../network/attach';
import { ensurePinnedNetns, isPinnedNetnsPath } from '../network/pinned-netns';
import type { HookGlobals } from './hook-args';
import { cniNetworkNames, hookContainer } from './oci-state';
import type { OciState } from './oci-state';
import { runOciHook } from './run-hook';

function stateOf(id: string, annotations: Readonly<Record<string, string>>): OciState {
  return { id, pid: 0, bundle: '', annotations: { ...annotations } };
}

/** Whether the client attaches this container itself (a pinned namespace and CNI networks). */
export function attachesEarly(annotations: Readonly<Record<string, string>>): boolean {
  return isPinnedNetnsPath(annotations[LABELS.networkNamespace]) && cniNetworkNames(decodeStringList(annotations, LABELS.networks)).length > 0;
}

/** Attaches the pinned namespace of container `id` to its networks (re-pinning it after a reboot). */
export async function attachEarly(globals: HookGlobals, id: string, annotations: Readonly<Record<string, string>>): Promise<void> {
  const netns = annotations[LABELS.networkNamespace]!;
  const state = stateOf(id, annotations);
  const c = hookContainer(state, globals.namespace);
  // A new namespace after a reboot: what the cache says was attached is gone with the old one.
  if (await ensurePinnedNetns(netns) && hasAttachments({ namespace: c.namespace, id, networks: cniNetworkNames(c.networks) })) {
    await runOciHook('postStop', globals, JSON.stringify(state));
  }
  await runOciHook('createRuntime', globals, JSON.stringify(state));
}

/**
 * Detaches the pinned namespace of container `id` whose task is not running (a failed start, rm);
 * nothing when nothing is attached: the logger may have detached it at the exit already.
 */
export async function detachEarly(globals: HookGlobals, id: string, annotations: Readonly<Record<string, string>>): Promise<void> {
  await runOciHook('postStop', globals, JSON.stringify(stateOf(id, annotations)), () => true);
}

/** An attachment under way beside the task's creation. */
export interface EarlyAttachment {
  /** Settles when the namespace is attached; rejects when attaching failed (already rolled back). */
  done: Promise<void>;
  /** Detaches again (the task did not start); never throws. */
  undo(): Promise<void>;
}

/** Starts attachEarly for a container that attaches early; undefined for the others. */
export function beginEarlyAttach(globals: HookGlobals, id: string, annotations: Readonly<Record<string, string>>): EarlyAttachment | undefined {
  if (!attachesEarly(annotations)) return undefined;
  const done = attachEarly(globals, id, annotations);
  done.catch(() => undefined); // observed by the caller, maybe only after the task's creation
  return {
    done,
    undo: async () => {
      await done.catch(() => undefined);
      await detachEarly(globals, id, annotations).catch(() => undefined);
    },
  };
}
