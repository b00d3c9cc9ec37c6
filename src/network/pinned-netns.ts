// A CNI container's network namespace, made before its task and pinned at /run/netns/<name> for
// the container's lifetime (iproute2's place, so `ip netns` lists it), the way docker keeps a
// sandbox per container. With the namespace known before runc starts, nerdts attaches it to its
// networks from the starting client itself, beside the task's creation, instead of in a hook
// process on the critical path (hook/early-attach.ts); runc joins it through the spec. The same
// namespace survives restarts; `rm` unpins it.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IpBatcher } from './ip-batch';

export const NETNS_DIR = '/run/netns';
const PREFIX = 'nerdts-';

/** Runs `ip` with arguments; rejects with its stderr. */
export type IpRunner = (args: string[]) => Promise<void>;

const batcher = new IpBatcher();

// `netns add` and then loopback up in the new namespace: runc brings `lo` up only in a namespace
// it creates itself, and the CNI chain does not touch it. `-n` is no batch word: `netns exec` is.
const execIp: IpRunner = (args) => batcher.exec(args[0] === 'netns' && args[1] === 'add'
  ? [args, ['netns', 'exec', args[2]!, 'ip', 'link', 'set', 'lo', 'up']] : [args]);

/** Where a container's namespace is pinned. */
export function pinnedNetnsPath(namespace: string, id: string, dir: string = NETNS_DIR): string {
  return join(dir, `${PREFIX}${namespace}-${id.slice(0, 24)}`);
}

/** Whether a path is one of nerdts' pinned namespaces (a user's ns:<path> never is). */
export function isPinnedNetnsPath(path: string | undefined): path is string {
  return path !== undefined && dirname(path) === NETNS_DIR && basename(path).startsWith(PREFIX);
}

/** Whether a namespace is mounted at the path (after a reboot /run/netns is empty). */
export function isPinned(path: string): boolean {
  try {
    return statSync(path).dev !== statSync(dirname(path)).dev;
  } catch {
    return false;
  }
}

/** Pins a new network namespace (loopback up) at the path; true when it had to be made. */
export async function ensurePinnedNetns(path: string, run: IpRunner = execIp): Promise<boolean> {
  if (isPinned(path)) return false;
  // A file without a mount (a crash halfway) makes `ip netns add` fail: clear it first.
  if (existsSync(path)) await run(['netns', 'delete', basename(path)]).catch(() => undefined);
  try {
    await run(['netns', 'add', basename(path)]);
  } catch (err) {
    throw new Error(`cannot create the network namespace ${path}: ${(err as Error).message}`);
  }
  return true;
}

/** Pins a new namespace for a container being created; returns its path. */
export async function pinContainerNetns(namespace: string, id: string): Promise<string> {
  const path = pinnedNetnsPath(namespace, id);
  await ensurePinnedNetns(path);
  return path;
}

/** Unpins (and so frees) a pinned namespace; nothing there is fine. */
export async function removePinnedNetns(path: string, run: IpRunner = execIp): Promise<void> {
  if (!isPinnedNetnsPath(path)) return;
  await run(['netns', 'delete', basename(path)]).catch((err: Error) => {
    if (!/No such file|not found|does not exist/i.test(err.message)) throw err;
  });
}
