// The firewall plugin's own version (not the CNI spec version): nerdctl uses it to decide whether
// icc=false can use ingressPolicy "isolated" (>= 1.7.1). Run without CNI_COMMAND, the plugin
// prints "CNI firewall plugin v1.1.0" (or "... version unknown") on stderr.
import { execFile } from 'node:child_process';

const PREFIX = 'CNI firewall plugin ';

/** [major, minor, patch] from the plugin's stderr, or undefined when it does not say. */
export function parseFirewallVersion(stderr: string): [number, number, number] | undefined {
  for (const line of stderr.split('\n')) {
    if (!line.startsWith(PREFIX)) continue;
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(line.slice(PREFIX.length).trim());
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
  }
  return undefined;
}

/** True when `version` is at least `min`. */
export function versionAtLeast(version: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    const a = version[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** Runs the firewall plugin at `pluginPath` and reports its version (undefined if unknown). */
export function probeFirewallVersion(pluginPath: string): Promise<[number, number, number] | undefined> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' };
    execFile(pluginPath, [], { env, timeout: 10_000 }, (_err, _stdout, stderr) => resolve(parseFirewallVersion(String(stderr))));
  });
}

/** Whether the firewall plugin supports ingressPolicy "isolated" (icc=false). */
export async function firewallSupportsIsolated(pluginPath: string): Promise<boolean> {
  const v = await probeFirewallVersion(pluginPath);
  return v !== undefined && versionAtLeast(v, [1, 7, 1]);
}
