// `nerdts volume create|ls|inspect|rm|prune` as the CLI runs them: library calls plus docker's output.
import type { GlobalOptions } from '../config';
import { openClient } from '../containerd/open';
import { ExitStatus, NerdtsError, isNerdtsError } from '../errors';
import { renderRows, renderTemplate } from '../format';
import type { Output } from '../output';
import { humanSize } from '../units';
import { createVolume, inspectVolume, listVolumes, pruneVolumes, removeVolume, volumeUsers } from './volumes';

const notice = (io: Output) => (l: string): void => io.err(`${l}\n`);

/** key=value strings as a map (a bare key maps to ""). */
export function keyValues(items: readonly string[]): Record<string, string> {
  return Object.fromEntries(items.map((l) => { const eq = l.indexOf('='); return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)]; }));
}

export interface VolumeCreateOptions { name?: string; labels: string[]; driver?: string; opts: string[] }

/** docker volume create: prints the name. */
export async function volumeCreate(globals: GlobalOptions, o: VolumeCreateOptions, io: Output): Promise<void> {
  const v = await createVolume(globals, {
    ...(o.name && { name: o.name }), labels: keyValues(o.labels), ...(o.driver && { driver: o.driver }), options: keyValues(o.opts),
  });
  io.out(`${v.Name}\n`);
}

export interface VolumeLsOptions { quiet: boolean; format?: string; filters: string[] }

/** docker volume ls: DRIVER and VOLUME NAME, -q names only, --format templates. */
export async function volumeLs(globals: GlobalOptions, o: VolumeLsOptions, io: Output): Promise<void> {
  const needsClient = o.filters.some((f) => f.toLowerCase().startsWith('dangling='));
  const client = needsClient ? await openClient(globals, notice(io)) : undefined;
  const volumes = await listVolumes(globals, { filters: o.filters, ...(client && { client }) });
  // docker's `volume ls` row, field for field (what `--format '{{json .}}'` shows).
  const rows = volumes.map((v) => ({
    Availability: 'N/A', Driver: v.Driver, Group: 'N/A', Labels: Object.entries(v.Labels ?? {}).map(([k, val]) => `${k}=${val}`).join(','),
    Links: 'N/A', Mountpoint: v.Mountpoint, Name: v.Name, Scope: v.Scope, Size: 'N/A', Status: 'N/A',
  }));
  const table = 'table {{.Driver}}\t{{.Name}}';
  const format = o.quiet ? '{{.Name}}' : o.format === 'json' ? '{{json .}}' : o.format ?? table;
  io.out(renderRows(format, rows, { Driver: 'DRIVER', Name: 'VOLUME NAME', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Scope: 'SCOPE', Size: 'SIZE', Links: 'LINKS' }, { defaultTableFormat: table }));
}

/** Names of every volume (shell completion). */
export async function volumeNames(globals: GlobalOptions): Promise<string[]> {
  return (await listVolumes(globals)).map((v) => v.Name);
}

/** docker volume inspect: a JSON array, or one rendered template per volume. Missing ones fail at the end. */
export async function volumeInspect(globals: GlobalOptions, o: { names: string[]; format?: string }, io: Output): Promise<void> {
  const docs = [];
  let failed = false;
  for (const n of o.names) {
    try { docs.push(inspectVolume(globals, n)); } catch (err) {
      if (!isNerdtsError(err) || o.names.length === 1) throw err;
      io.err(`Error: ${err.message}\n`);
      failed = true;
    }
  }
  if (o.format) for (const d of docs) io.out(`${renderTemplate(o.format === 'json' ? '{{json .}}' : o.format, d)}\n`);
  else io.out(`${JSON.stringify(docs, null, 4)}\n`);
  if (failed) throw new ExitStatus(1);
}

/** docker volume rm [-f]: prints each removed name; goes on after a failure and exits 1. */
export async function volumeRm(globals: GlobalOptions, o: { names: string[]; force: boolean }, io: Output): Promise<void> {
  const client = await openClient(globals, notice(io));
  const users = await volumeUsers(client);
  let failed = false;
  for (const n of o.names) {
    try {
      await removeVolume(client, globals, n, { force: o.force, users });
      io.out(`${n}\n`);
    } catch (err) {
      if (!isNerdtsError(err) || o.names.length === 1) throw err;
      io.err(`Error: ${err.message}\n`);
      failed = true;
    }
  }
  if (failed) throw new ExitStatus(1);
}

export interface VolumePruneOptions {
  all: boolean;
  force: boolean;
  filters: string[];
  /** Asks the user (docker's warning text); absent means the caller already did. */
  confirm?: (warning: string) => Promise<boolean>;
}

/** docker's warning for volume prune. */
export const volumePruneWarning = (all: boolean): string => all
  ? 'WARNING! This will remove all local volumes not used by at least one container.'
  : 'WARNING! This will remove anonymous local volumes not used by at least one container.';

/** docker volume prune: "Deleted Volumes:" then the names, a blank line and the total. */
export async function volumePrune(globals: GlobalOptions, o: VolumePruneOptions, io: Output): Promise<void> {
  if (!o.force && o.confirm && !(await o.confirm(volumePruneWarning(o.all)))) {
    throw new NerdtsError('canceled', 'volume prune has been cancelled');
  }
  const client = await openClient(globals, notice(io));
  const { deleted, reclaimed } = await pruneVolumes(client, globals, { all: o.all, filters: o.filters });
  io.out(`${deleted.length ? `Deleted Volumes:\n${deleted.map((d) => `${d}\n`).join('')}\n` : ''}Total reclaimed space: ${humanSize(reclaimed)}\n`);
}
