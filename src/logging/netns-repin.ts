// A task started without nerdts' client (containerd's restart monitor, e.g. after a reboot
// emptied /run) must find its pinned network namespace (network/pinned-netns.ts) in place: runc
// joins it before any hook runs. The shim starts the logger before runc creates the task, so the
// logger pins it again when it is missing. The common case is a read and two stats; the code
// that runs `ip` is loaded only when there is something to do.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireSiblingChunk } from './sibling-chunk';

const ANNOTATION = /"nerdctl\/network-namespace":"(\/run\/netns\/nerdts-[^"\\/]+)"/;

/** The pinned namespace a task bundle's spec names, if any. */
export function pinnedNetnsOf(specText: string): string | undefined {
  return ANNOTATION.exec(specText)?.[1];
}

function mounted(file: string): boolean {
  try {
    return fs.statSync(file).dev !== fs.statSync(path.dirname(file)).dev;
  } catch {
    return false;
  }
}

/** Pins the task's namespace again when it is gone; failures are left to runc to report. */
export async function repinNetns(bundleDir: string): Promise<void> {
  let netns: string | undefined;
  try { netns = pinnedNetnsOf(fs.readFileSync(path.join(bundleDir, 'config.json'), 'latin1')); } catch { return; }
  if (!netns || mounted(netns)) return;
  process.env.PATH ||= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const hook = requireSiblingChunk<typeof import('../hook/chunk')>('hook', 'hook', 'chunk');
  await hook.ensurePinnedNetns(netns).catch(() => undefined);
}
