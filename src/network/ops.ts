// `network create|ls|inspect|rm|prune|connect|disconnect` as the CLI runs them: build the scope
// from the global options, call the library, print docker's output.
import type { GlobalOptions } from '../config';
import { openClient } from '../containerd/open';
import { NerdtsError, isNerdtsError } from '../errors';
import { renderRows, renderTemplate } from '../format';
import type { Output } from '../output';
import { removeBridgeLeftovers } from './bridge-cleanup';
import { connectNetwork, disconnectNetwork } from './connect';
import type { ConnectOptions } from './connect';
import { inspectNetwork } from './network-inspect';
import { containerUsage } from './network-usage';
import { createNetwork, listNetworks, networkScope, pruneNetworks, removeNetwork } from './networks';
import type { CreateNetworkOptions } from './networks';
import type { NetworkConfigList } from '../../cni/types';

const notice = (io: Output) => (line: string): void => io.err(`${line}\n`);

/** `-o k=v` and `--label k=v` lists as maps ("k" alone is an empty value). */
export function keyValues(list: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(list.map((l) => { const eq = l.indexOf('='); return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)]; }));
}

export interface NetworkCreateCommand extends Omit<CreateNetworkOptions, 'labels' | 'options'> {
  labels?: string[];
  options?: string[];
}

/** Prints the new network's ID. */
export async function networkCreate(globals: GlobalOptions, o: NetworkCreateCommand, io: Output): Promise<void> {
  const created = await createNetwork(networkScope(globals), { ...o, labels: keyValues(o.labels), options: keyValues(o.options) });
  for (const w of created.warnings) io.err(`WARNING: ${w}\n`);
  io.out(`${created.id}\n`);
}

const TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';
const HEADERS = { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', Labels: 'LABELS', CreatedAt: 'CREATED AT', IPv6: 'IPV6', Internal: 'INTERNAL' };

/** docker's `network ls` table, -q, --no-trunc, --format and --filter. */
export async function networkLs(globals: GlobalOptions, o: { quiet?: boolean; format?: string; filters?: string[]; noTrunc?: boolean }, io: Output): Promise<void> {
  const nets = await listNetworks(networkScope(globals), { ...(o.filters && { filters: o.filters }) });
  const rows = nets.map((n) => ({
    ID: o.noTrunc ? n.id : n.id.slice(0, 12), Name: n.name, Driver: n.driver, Scope: 'local', IPv6: false, Internal: false,
    Labels: Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(','),
    CreatedAt: n.createdMs ? new Date(n.createdMs).toISOString() : '',
  }));
  const format = o.quiet ? '{{.ID}}' : o.format ?? TABLE;
  io.out(renderRows(format, rows, HEADERS, { defaultTableFormat: TABLE }));
}

/** The JSON array, or --format per network; every name is tried, missing ones fail at the end. */
export async function networkInspect(globals: GlobalOptions, o: { names: string[]; format?: string }, io: Output): Promise<void> {
  const scope = networkScope(globals);
  const found: Array<Record<string, unknown>> = [];
  let missing: NerdtsError | undefined;
  for (const name of o.names) {
    try { found.push(await inspectNetwork(scope, name)); } catch (err) {
      if (!isNerdtsError(err) || err.code !== 'not-found') throw err;
      missing = err;
    }
  }
  if (o.format) for (const f of found) io.out(`${renderTemplate(o.format === 'json' ? '{{json .}}' : o.format, f)}\n`);
  else io.out(`${JSON.stringify(found, null, 4)}\n`);
  if (missing) throw missing;
}

function cleanupWith(io: Output): (config: NetworkConfigList) => Promise<void> {
  return async (config) => { for (const w of await removeBridgeLeftovers(config)) io.err(`WARNING: ${w}\n`); };
}

/** Removes each network (printing its name); every failure is reported, the command fails at the end. */
export async function networkRm(globals: GlobalOptions, o: { names: string[]; force?: boolean }, io: Output): Promise<void> {
  const client = await openClient(globals, notice(io));
  const scope = networkScope(globals);
  let failed: NerdtsError | undefined;
  for (const name of o.names) {
    try {
      await removeNetwork(scope, name, containerUsage(client), cleanupWith(io));
      io.out(`${name}\n`);
    } catch (err) {
      if (o.force && isNerdtsError(err) && err.code === 'not-found') continue;
      if (!isNerdtsError(err) || o.names.length === 1) throw err;
      io.err(`Error response from daemon: ${err.message}\n`);
      failed = err;
    }
  }
  if (failed) throw new NerdtsError(failed.code, 'some networks could not be removed', { exitCode: 1 });
}

const PRUNE_WARNING = 'WARNING! This will remove all custom networks not used by at least one container.';

/** docker's `network prune`: asks unless -f, prints "Deleted Networks:" and the names. */
export async function networkPrune(globals: GlobalOptions, o: { force?: boolean; filters?: string[]; confirm?: (w: string) => Promise<boolean> }, io: Output): Promise<void> {
  if (!o.force && o.confirm && !(await o.confirm(PRUNE_WARNING))) return;
  const client = await openClient(globals, notice(io));
  const removed = await pruneNetworks(networkScope(globals), containerUsage(client), cleanupWith(io), o.filters ?? []);
  if (removed.length) io.out(`Deleted Networks:\n${removed.map((n) => `${n}\n`).join('')}`);
}

export async function networkConnect(globals: GlobalOptions, o: ConnectOptions, io: Output): Promise<void> {
  await connectNetwork(await openClient(globals, notice(io)), globals, o);
}

export async function networkDisconnect(globals: GlobalOptions, o: { network: string; container: string; force?: boolean }, io: Output): Promise<void> {
  await disconnectNetwork(await openClient(globals, notice(io)), globals, o);
}

/** Network names for shell completion. */
export async function networkNames(globals: GlobalOptions): Promise<string[]> {
  return (await listNetworks(networkScope(globals))).map((n) => n.name);
}
