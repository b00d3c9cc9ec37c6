// How nerdts runs CNI plugins: the plugin directories from --cni-path, a bounded run time per
// plugin (a hung plugin must not hang `start` forever), and the sbin directories on PATH because
// the bridge, portmap and firewall plugins call iptables.
import type { CniRuntime } from '../../cni/chain';
import { PluginExitError, type PluginExec } from '../../cni/invoke';
import { findPlugin, retryWhileBusy } from '../../cni/node-exec';
import type { CniLockOptions } from '../../cni/lock';
import { cniLockPath } from '../../cni/lock';
import type { CniLocation } from '../container/network';
import { ForkServer } from './fork-server';

/** A plugin run longer than this is killed. */
export const PLUGIN_TIMEOUT_MS = 60_000;
/** Waiting longer than this for the CNI lock fails the operation. */
export const LOCK_TIMEOUT_MS = 90_000;

/** --cni-path may list several directories, like CNI_PATH. */
export function cniPathList(cniPath: string): string[] {
  return cniPath.split(':').filter((d) => d !== '');
}

/** The runtime the setup and teardown calls use. */
export function cniRuntime(loc: CniLocation, env: Readonly<Record<string, string | undefined>> = process.env): CniRuntime {
  const path = env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const withSbin = /(^|:)\/usr\/sbin(:|$)/.test(path) ? path : `${path}:/usr/sbin:/sbin`;
  return {
    cniPath: cniPathList(loc.cniPath),
    exec: forkServerPluginExec(PLUGIN_TIMEOUT_MS),
    env: { ...env, PATH: withSbin },
  };
}

/** Plugins run through this process's fork server (fork-server.ts), killed after `timeoutMs`. */
export function forkServerPluginExec(timeoutMs: number): PluginExec {
  const runOnce = async (pluginPath: string, env: Record<string, string>, stdin: string): Promise<string> => {
    const r = await ForkServer.shared().run({ file: pluginPath, env, input: stdin, timeoutMs });
    if (r.code === 0) return r.stdout;
    const why = r.signal === 'SIGKILL' ? `plugin killed (timeout ${timeoutMs}ms)` : r.signal ? `plugin killed by ${r.signal}` : undefined;
    throw new PluginExitError(r.code, r.stdout, r.stderr, why);
  };
  return { exec: (pluginPath, env, stdin) => retryWhileBusy(() => runOnce(pluginPath, env, stdin)), find: findPlugin };
}

/** The cross-process CNI lock of a netconf dir. */
export function cniLock(netconfPath: string): CniLockOptions {
  return { path: cniLockPath(netconfPath), timeoutMs: LOCK_TIMEOUT_MS };
}

/**
 * One container's CNI lock: attach and detach of the same container never overlap (a restart's
 * attach after the logger's detach at exit), while different containers detach side by side.
 */
export function containerCniLock(cniId: string, dir = '/run/nerdts/cni-locks'): CniLockOptions {
  return { path: `${dir}/${cniId}.lock`, timeoutMs: LOCK_TIMEOUT_MS };
}

/** The CNI container ID nerdctl uses, so nerdctl and nerdts find each other's attachments. */
export const cniContainerId = (namespace: string, id: string): string => `${namespace}-${id}`;

/** eth0, eth1, ... in network order. */
export const ifnameAt = (index: number): string => `eth${index}`;
