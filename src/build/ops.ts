// `nerdts build` and `nerdts builder prune` as the CLI runs them: context from a directory or
// stdin, progress to stderr, the image ID to stdout with -q, --iidfile and -o exports.
import { createWriteStream, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { openClient } from '../containerd/open';
import { NerdtsError } from '../errors';
import { saveImages } from '../image/save';
import type { Output } from '../output';
import { ensureDataStore } from '../store/data-store';
import { pruneCache } from './cache';
import { commitContainer } from './commit';
import type { CommitOptions } from './commit';
import { copyInto } from './copy-step';
import { parseBuildContextFlags } from './named-contexts';
import { buildImage } from './engine';
import { rootfsTar } from './export-tar';
import type { BuildOptions } from './engine';
import { plainBuildProgress, quietBuildProgress } from './progress';
import type { BuildProgress } from './progress';
import { ttyBuildProgress } from './progress-tty';

export interface BuildCommandOptions extends Omit<BuildOptions, 'contextDir'> {
  /** a directory, or '-' for stdin */
  context: string;
  quiet: boolean;
  progress?: string;
  iidfile?: string;
  outputs: string[];
  /** --build-context name=value, as given */
  buildContexts?: string[];
}

function parseOutput(text: string): { type: string; dest?: string } {
  const kv = Object.fromEntries(text.split(',').map((p) => { const i = p.indexOf('='); return i < 0 ? ['type', p] : [p.slice(0, i), p.slice(i + 1)]; }));
  const type = kv.type ?? 'docker';
  if (!['docker', 'oci', 'tar', 'image'].includes(type)) throw new NerdtsError('invalid-argument', `unsupported output type "${type}"`, { hint: 'use type=docker, type=oci or type=tar' });
  return { type, ...(kv.dest && { dest: kv.dest }) };
}

/** stdin: a tar context (plain or gzip) unpacked to a temp dir, or a Dockerfile. */
async function stdinContext(): Promise<{ dir?: string; dockerfileText?: string; cleanup(): void }> {
  const data = readFileSync(0);
  const gz = data[0] === 0x1f && data[1] === 0x8b;
  const isTar = gz || (data.length >= 512 && data.subarray(257, 262).toString() === 'ustar');
  if (!isTar) return { dockerfileText: data.toString('utf8'), cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-context-'));
  const tarFile = join(dir, '.context.tar');
  await pipeline(gz ? Readable.from([data]).pipe(createGunzip()) : Readable.from([data]), createWriteStream(tarFile));
  const root = join(dir, 'ctx');
  await copyInto(root, { sources: [{ abs: tarFile, name: 'context.tar', stat: lstatSync(tarFile) }], dest: '/', owner: { uid: 0, gid: 0 }, extract: true });
  return { dir: root, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** -o type=tar: the root filesystem to a file, or to stdout for dest "-" (or none). */
async function exportTar(client: ContainerdClient, snapshotter: string, diffIds: readonly string[], dest: string | undefined): Promise<void> {
  const tar = Readable.from(rootfsTar(client, snapshotter, diffIds));
  if (dest && dest !== '-') await pipeline(tar, createWriteStream(dest));
  else await pipeline(tar, process.stdout, { end: false });
}

/** quiet, plain, or tty (auto: tty when stderr is a terminal), as buildkit's --progress. */
function pickProgress(o: BuildCommandOptions, io: Output): BuildProgress & { close?(): void } {
  if (o.quiet || o.progress === 'quiet') return quietBuildProgress();
  const tty = o.progress === 'tty' || ((o.progress ?? 'auto') === 'auto' && io.stderrIsTTY);
  if (!tty || o.progress === 'plain' || o.progress === 'rawjson') return plainBuildProgress((t) => io.err(t));
  return ttyBuildProgress({
    write: (t) => io.err(t), now: Date.now, columns: process.stderr.columns || io.columns || 80, rows: process.stderr.rows || 24,
    every: (ms, tick) => { const t = setInterval(tick, ms); t.unref(); return () => clearInterval(t); },
  });
}

/** Runs a build for the CLI. */
export async function buildCommand(globals: GlobalOptions, o: BuildCommandOptions, io: Output): Promise<void> {
  const outputs = o.outputs.map(parseOutput);
  if (o.progress && !['auto', 'plain', 'tty', 'quiet', 'rawjson'].includes(o.progress)) throw new NerdtsError('invalid-argument', `invalid progress mode "${o.progress}"`);
  const src = o.context === '-' ? await stdinContext() : { dir: o.context, cleanup() {} };
  try {
    const client = await openClient(globals, (l) => io.err(`${l}\n`));
    const progress = pickProgress(o, io);
    const named = parseBuildContextFlags(o.buildContexts ?? []);
    const result = await buildImage(client, globals, {
      ...o, ...(src.dir !== undefined && { contextDir: src.dir }), ...(Object.keys(named).length && { namedContexts: { ...o.namedContexts, ...named } }),
      ...(src.dockerfileText !== undefined && o.dockerfileText === undefined && { dockerfileText: src.dockerfileText }),
    }, progress).finally(() => progress.close?.());
    for (const out of outputs) {
      if (out.type === 'image') continue;
      if (out.type === 'tar' && (!out.dest || out.dest === '-') && io.isTTY) throw new NerdtsError('invalid-argument', 'refusing to write a tar archive to a terminal', { hint: 'use dest=FILE or redirect stdout' });
      if (out.type === 'tar') { await exportTar(client, globals.snapshotter, result.config.rootfs?.diff_ids ?? [], out.dest); continue; }
      if (!result.names.length) throw new NerdtsError('invalid-argument', `-o type=${out.type} needs a name`, { hint: 'add -t NAME' });
      const chunks = await saveImages(client, result.names);
      if (out.dest && out.dest !== '-') await pipeline(Readable.from(chunks), createWriteStream(out.dest));
      else for await (const c of chunks) io.out(c.toString('latin1'));
    }
    if (o.iidfile) writeFileSync(o.iidfile, result.id);
    // an archive written to stdout must not get the image ID appended
    if (o.quiet && !outputs.some((out) => out.type !== 'image' && (!out.dest || out.dest === '-'))) io.out(`${result.id}\n`);
  } finally {
    src.cleanup();
  }
}

/** `builder prune`: drops the layer cache of the namespace. */
export async function builderPrune(globals: GlobalOptions, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const n = await pruneCache(client, ensureDataStore(globals), globals.namespace);
  io.out(`Deleted ${n} build cache records\n`);
}

/** `commit`: prints the new image ID (sha256:...), as docker. */
export async function commitCommand(globals: GlobalOptions, o: Omit<CommitOptions, 'snapshotter'>, io: Output): Promise<void> {
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  io.out(`${await commitContainer(client, { ...o, snapshotter: globals.snapshotter })}\n`);
}
