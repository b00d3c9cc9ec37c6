// COPY and ADD as build steps: sources resolved in the context (or another stage or image, with
// --from), hashed into the cache key, then copied into the step's snapshot mounted on the host.
import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { posix, relative } from 'node:path';
import { readRootfsFile, resolveInRoot } from '../container/rootfs';
import { resolveUser } from '../container/spec';
import { NerdtsError } from '../errors';
import { stepKey } from './cache';
import { fetchRemoteSources, isRemoteSource, parseChecksum } from './add-url';
import type { RemoteSources } from './add-url';
import { hashEntries, resolveSource } from './context';
import type { ContextEntry } from './context';
import { copyInto, parseChmod } from './copy-step';
import type { CopySource } from './copy-step';
import type { CopyInstr } from './dockerfile/instructions';
import { expandVariables, processWord } from './dockerfile/words';
import { isIgnored } from './dockerignore';
import type { BuildSession, StageState } from './session';
import { stageVars } from './session';
import { fromRoot } from './from-root';
import type { FromRoot } from './from-root';
import { mountRoot } from './snapshot';
import { layerStep } from './steps';

function fromSources(root: string, sources: readonly string[]): CopySource[] {
  return sources.map((src) => {
    const abs = resolveInRoot(root, src);
    try {
      return { abs, name: posix.basename(posix.normalize(`/${src}`)) || '/', stat: lstatSync(abs) };
    } catch {
      throw new NerdtsError('not-found', `failed to compute cache key: "/${posix.normalize(src).replace(/^\/+/, '')}": not found`);
    }
  });
}

/** Runs a COPY or ADD instruction as a layer step. */
export async function copyInstruction(s: BuildSession, st: StageState, stageIndex: number, i: CopyInstr, vertexName: string): Promise<void> {
  const vars = stageVars(st);
  const esc = s.dockerfile.escape;
  const heredocs = new Map(i.heredocs.map((h) => [h.name, h]));
  const words = i.sources.map((w) => (/^<<-?["']?\w+["']?$/.test(w) ? w : processWord(w, vars, esc)));
  const inline: CopySource[] = [];
  const paths: string[] = [];
  for (const w of words) {
    const h = /^<<-?["']?(\w+)["']?$/.exec(w);
    const doc = h ? heredocs.get(h[1]!) : undefined;
    if (doc) inline.push({ name: doc.name, content: doc.expand ? expandVariables(doc.content, vars) : doc.content });
    else paths.push(w);
  }
  const urls = i.kind === 'ADD' ? paths.filter(isRemoteSource) : [];
  const locals = paths.filter((p) => !urls.includes(p));
  if (i.checksum !== undefined && (locals.length || inline.length)) {
    throw new NerdtsError('invalid-argument', `${s.dockerfileName}:${i.raw.line}: checksum can't be specified for non-HTTP(S) sources`);
  }
  let dest = processWord(i.dest, vars, esc);
  if (!dest.startsWith('/')) dest = posix.join(st.sc.config.WorkingDir || '/', dest) + (dest.endsWith('/') || dest === '.' ? '/' : '');
  const chmod = i.chmod === undefined ? undefined : parseChmod(processWord(i.chmod, vars, esc));
  const chown = i.chown === undefined ? undefined : processWord(i.chown, vars, esc);
  const from = i.from === undefined ? undefined : await fromRoot(s, stageIndex, processWord(i.from, vars, esc));
  const entries = from ? [] : locals.flatMap((p) => resolveSource(s.context, p));
  const remote = urls.length ? await downloads(s, i, urls, dest) : undefined;
  try {
    await copyStep(s, st, i, vertexName, { paths, inline, entries, dest, from, remote, chown, chmod });
  } finally {
    remote?.release();
  }
}

/** Downloads an ADD's URLs (Node's HTTP code is loaded only then). */
function downloads(s: BuildSession, i: CopyInstr, urls: string[], dest: string): Promise<RemoteSources> {
  const where = `${s.dockerfileName}:${i.raw.line}`;
  return fetchRemoteSources(urls, { where, dest, ...(i.checksum !== undefined && { checksum: parseChecksum(i.checksum) }) });
}

interface CopyWork {
  paths: string[];
  inline: CopySource[];
  entries: ContextEntry[];
  dest: string;
  from: FromRoot | undefined;
  remote: RemoteSources | undefined;
  chown: string | undefined;
  chmod: number | undefined;
}

async function copyStep(s: BuildSession, st: StageState, i: CopyInstr, vertexName: string, w: CopyWork): Promise<void> {
  const { paths, inline, entries, dest, from, remote, chown, chmod } = w;
  const inputs = [
    from ? `${from.identity}:${JSON.stringify(paths)}` : hashEntries(s.context, entries),
    ...(remote?.identities ?? []),
    ...inline.map((x) => createHash('sha256').update(x.name).update('\0').update('content' in x ? x.content : '').digest('hex')),
    `${chown ?? ''}:${chmod ?? ''}:${dest}`,
  ];
  const text = `${i.kind} ${[...paths, ...inline.map((x) => `<<${x.name}`)].join(' ')} ${dest}`;
  const key = stepKey(st.key, text, inputs);
  await layerStep(s, st, vertexName, key, `${text} # buildkit`, async (active) => {
    const target = await mountRoot(active.mounts, false);
    const source = from ? await from.open() : undefined;
    try {
      const owner = chown ? resolveUser(chown, readRootfsFile(target.root, '/etc/passwd'), readRootfsFile(target.root, '/etc/group')) : { uid: 0, gid: 0 };
      const sources: CopySource[] = source ? fromSources(source.root, paths) : entries.map((e) => ({ abs: e.abs, name: e.rel || '.', stat: e.stat }));
      await copyInto(target.root, {
        sources: [...sources, ...(remote?.sources ?? []), ...inline], dest, owner: { uid: owner.uid, gid: owner.gid }, extract: i.kind === 'ADD',
        ...(chmod !== undefined && { chmod }),
        ...(!source && { skip: (abs: string) => isIgnored(s.context.rules, relative(s.context.root, abs)) }),
      });
    } finally {
      await source?.release();
      await target.release();
    }
  });
}
