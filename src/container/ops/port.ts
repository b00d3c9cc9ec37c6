// `port CONTAINER [PRIVATE_PORT[/PROTO]]`: the live bindings as docker prints them, naturally
// sorted; nothing while the container is not running.
import { readFileSync } from 'node:fs';
import type { GlobalOptions } from '../../config';
import { openClient } from '../../containerd/open';
import { NerdtsError, invalidArgument } from '../../errors';
import type { Output } from '../../output';
import { dataStorePath } from '../../store/data-store';
import { findContainer } from '../lookup';
import { portLines } from '../port-display';
import { livePorts } from '../port-view';
import { isLive, stateDirOf, taskOf } from '../task-state';

export interface PortOptions {
  container: string;
  /** "80" or "80/udp": print only that port's host addresses. */
  port?: string;
}

const readText = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };

/** docker's network.ParsePort: a number and an optional protocol (tcp by default). */
export function parsePortArg(value: string): { port: number; protocol: string } {
  if (value === '') throw invalidArgument('invalid port: value is empty');
  const slash = value.indexOf('/');
  const num = slash === -1 ? value : value.slice(0, slash);
  const protocol = (slash === -1 ? '' : value.slice(slash + 1)).toLowerCase() || 'tcp';
  if (!/^\d+$/.test(num)) throw invalidArgument(`invalid port '${num}': invalid syntax`);
  if (Number(num) > 65535) throw invalidArgument(`invalid port '${num}': value out of range`);
  return { port: Number(num), protocol };
}

/** Prints the container's port mappings, or one port's host addresses. */
export async function port(globals: GlobalOptions, o: PortOptions, io: Output): Promise<void> {
  const only = o.port !== undefined ? parsePortArg(o.port) : undefined;
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const c = await findContainer(client, o.container);
  const task = await taskOf(client, c.id);
  const stateDir = stateDirOf(c, dataStorePath(globals), globals.namespace);
  const lines = portLines(livePorts(c, stateDir, isLive(task), readText).mappings, only);
  if (only && lines.length === 0) throw new NerdtsError('not-found', `no public port '${o.port}' published for ${o.container}`);
  if (lines.length) io.out(`${lines.join('\n')}\n`);
}
