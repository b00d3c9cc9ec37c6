// A strict fake PluginExec: it expects an exact sequence of (plugin type, command) calls and
// fails the test on anything else.
import assert from 'node:assert/strict';
import { CniError } from '../../../cni/errors';
import type { PluginExec } from '../../../cni/invoke';

export interface Expected {
  type: string;
  command: string;
  /** Returns stdout, or throws (e.g. a PluginExitError) to fail the plugin. */
  respond?: (stdin: Record<string, unknown>, env: Record<string, string>) => string;
}

export interface RecordedCall {
  type: string;
  command: string;
  env: Record<string, string>;
  stdin: Record<string, unknown>;
}

export class StrictFakeExec implements PluginExec {
  readonly calls: RecordedCall[] = [];
  private readonly expected: Expected[];
  private readonly installed: Set<string>;

  constructor(expected: Expected[], installed = ['bridge', 'portmap', 'firewall', 'tuning']) {
    this.expected = [...expected];
    this.installed = new Set(installed);
  }

  async find(type: string, cniPath: readonly string[]): Promise<string> {
    if (!this.installed.has(type)) throw new CniError('plugin-not-found', `failed to find plugin "${type}" in path [${cniPath.join(' ')}]`, { plugin: type });
    return `${cniPath[0]}/${type}`;
  }

  async exec(pluginPath: string, env: Record<string, string>, stdin: string): Promise<string> {
    const type = pluginPath.slice(pluginPath.lastIndexOf('/') + 1);
    const command = env.CNI_COMMAND ?? '';
    const next = this.expected.shift();
    if (!next) assert.fail(`unexpected plugin call: ${type} ${command}`);
    assert.equal(`${type} ${command}`, `${next.type} ${next.command}`, 'plugin call out of order');
    const parsed = JSON.parse(stdin) as Record<string, unknown>;
    this.calls.push({ type, command, env, stdin: parsed });
    if (next.respond) return next.respond(parsed, env);
    // Default: pass prevResult through (what chained plugins do), or a minimal result.
    return JSON.stringify(parsed.prevResult ?? { cniVersion: parsed.cniVersion });
  }

  /** Asserts every expected call happened. */
  done(): void {
    assert.deepEqual(this.expected.map((e) => `${e.type} ${e.command}`), [], 'expected plugin calls did not happen');
  }
}

/** A bridge-like ADD result for `ip`. */
export function bridgeResult(ip: string, ifname = 'eth0'): Record<string, unknown> {
  return {
    cniVersion: '1.0.0',
    interfaces: [{ name: 'nerdctl0', mac: '02:00:00:00:00:01' }, { name: 'veth1', mac: '02:00:00:00:00:02' }, { name: ifname, mac: '02:00:00:00:00:03', sandbox: '/proc/1/ns/net' }],
    ips: [{ interface: 2, address: `${ip}/24`, gateway: '10.4.0.1' }],
    routes: [{ dst: '0.0.0.0/0' }],
    dns: {},
  };
}
