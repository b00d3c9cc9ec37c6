// `buildImage`: a Dockerfile built on containerd's own services, without buildkitd. Stages the
// target needs are built (independent ones concurrently), each step on a snapshot, under one lease
// (made only once something is written) so a failure leaves nothing behind; the target's config and
// manifest become an image record. Context file digests come from a stat cache (content-hash.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError } from '../errors';
import type { ImageConfig } from '../image/media-types';
import { formatPlatform, hostPlatform, parsePlatform } from '../image/platform';
import type { Platform } from '../image/platform';
import { formatReference, parseImageReference } from '../image/reference';
import { ensureDataStore } from '../store/data-store';
import { BuildCache, cacheDir } from './cache';
import { FileDigests, digestCacheFile } from './content-hash';
import { openContext } from './context';
import { openNamedContexts } from './named-contexts';
import type { BuildContext } from './context';
import { readDockerfile } from './dockerfile/instructions';
import { exportImage } from './export-image';
import { withLazyLease } from './lease';
import type { BuildProgress } from './progress';
import type { BuildNetwork } from './run-step';
import type { BuildSession, StageState } from './session';
import { globalArgValues, neededStages, planStages, targetStage } from './stages';
import { runStage } from './stage-run';

/** What to build; every field but the context is optional. */
export interface BuildOptions {
  /** The context directory; undefined for an empty context (Dockerfile from stdin) */
  contextDir?: string;
  /** Path of the Dockerfile (default: CONTEXT/Dockerfile) */
  dockerfile?: string;
  /** The Dockerfile's text, instead of reading a file (stdin, compose dockerfile_inline) */
  dockerfileText?: string;
  /** Names for the image (-t); none leaves it untagged (`<none>`) */
  tags?: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  noCache?: boolean;
  /** Always pull base images (--pull) */
  pull?: boolean;
  labels?: Record<string, string>;
  /** Host platform only */
  platform?: string;
  /** RUN networking: default|host (host networking), bridge (the default CNI bridge) or none */
  network?: string;
  /** Named contexts: name -> a directory or docker-image://<reference> (named-contexts.ts) */
  namedContexts?: Record<string, string>;
  now?: () => Date;
}

export interface BuildResult {
  /** image ID (config digest) */
  id: string;
  /** manifest digest */
  digest: string;
  /** image record names created or moved */
  names: string[];
  config: ImageConfig;
}

function predefinedArgs(p: Platform): Record<string, string> {
  const v = p.variant ?? '';
  const args: Record<string, string> = {};
  for (const pre of ['TARGET', 'BUILD']) {
    Object.assign(args, { [`${pre}PLATFORM`]: formatPlatform(p), [`${pre}OS`]: p.os, [`${pre}ARCH`]: p.architecture, [`${pre}VARIANT`]: v });
  }
  return args;
}

function checkPlatform(text: string | undefined): Platform {
  const host = hostPlatform();
  if (text === undefined) return host;
  const p = parsePlatform(text);
  if (formatPlatform(p) !== formatPlatform(host)) {
    throw new NerdtsError('unimplemented', `building for ${formatPlatform(p)} is not supported (host is ${formatPlatform(host)})`, { hint: 'nerdts build builds for the host platform only' });
  }
  return host;
}

function network(text: string | undefined): BuildNetwork {
  if (text === undefined || text === 'default' || text === 'host') return 'host';
  if (text === 'none' || text === 'bridge') return text;
  throw new NerdtsError('invalid-argument', `network mode "${text}" not supported by nerdts build`, { hint: 'use default, host, bridge or none' });
}

const readText = (p: string): string | undefined => {
  try { return readFileSync(p, 'utf8'); } catch { return undefined; }
};

function loadDockerfile(o: BuildOptions): { text: string; path?: string; name: string } {
  if (o.dockerfileText !== undefined) return { text: o.dockerfileText, name: 'Dockerfile' };
  const path = o.dockerfile ?? join(o.contextDir ?? '.', 'Dockerfile');
  const text = readText(path);
  if (text === undefined) throw new NerdtsError('not-found', `failed to read dockerfile: open ${path}: no such file or directory`);
  return { text, path, name: path.split('/').pop() || 'Dockerfile' };
}

/** Builds the image and names it with every tag; throws with the Dockerfile line on failure. */
export async function buildImage(client: ContainerdClient, globals: GlobalOptions, o: BuildOptions, progress: BuildProgress): Promise<BuildResult> {
  const now = o.now ?? (() => new Date());
  const platform = checkPlatform(o.platform);
  const net = network(o.network);
  const names = (o.tags ?? []).map((t) => formatReference(parseImageReference(t)));
  const df = loadDockerfile(o);
  const dockerfile = readDockerfile(df.text);
  const context: BuildContext = o.contextDir ? openContext(o.contextDir, df.path, readText) : { root: '/nonexistent-context', rules: [] };
  const namedContexts = openNamedContexts(o.namedContexts ?? {}, process.cwd(), readText);
  const plan = planStages(dockerfile);
  const buildArgs = o.buildArgs ?? {};
  const globalArgs = globalArgValues(plan, buildArgs, predefinedArgs(platform), dockerfile.escape);
  const target = targetStage(plan, o.target);
  const lookup = (n: string): string | undefined => globalArgs.get(n);
  const needed = neededStages(plan, target, lookup, dockerfile.escape);
  const store = ensureDataStore(globals);
  if (o.contextDir) context.digests = new FileDigests(digestCacheFile(store, o.contextDir), !o.noCache);
  try {
    return await withLazyLease(client, async (lease) => {
      const results = new Map<number, Promise<StageState>>();
      const s: BuildSession = {
        client, globals, lease, dockerfile, dockerfileName: df.name, plan, context, namedContexts, noCache: o.noCache ?? false,
        pull: o.pull ?? false, network: net, platform, buildArgs, globalArgs, usedArgs: new Set(), progress,
        cache: new BuildCache(cacheDir(store, globals.namespace, globals.snapshotter), client, globals.snapshotter),
        cacheMountDir: join(store, 'build-cache-mounts', globals.namespace), now,
        stage: (index) => {
          let p = results.get(index);
          if (!p) {
            p = runStage(s, plan.stages[index]!);
            p.catch(() => undefined);
            results.set(index, p);
          }
          return p;
        },
      };
      for (const i of [...needed].sort((a, b) => a - b)) void s.stage(i);
      const settled = await Promise.allSettled([...results.values()]);
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const unused = Object.keys(buildArgs).filter((k) => !s.usedArgs.has(k) && !globalArgs.has(k));
      if (unused.length) progress.warn(`[Warning] One or more build-args [${unused.join(' ')}] were not consumed`);
      const st = await s.stage(target.index);
      return finish(s, st, names, o.labels ?? {});
    });
  } finally {
    context.digests?.save();
  }
}

async function finish(s: BuildSession, st: StageState, names: string[], labels: Record<string, string>): Promise<BuildResult> {
  const runtime = { ...st.sc.config };
  if (Object.keys(labels).length) runtime.Labels = { ...(runtime.Labels ?? {}), ...labels };
  const config: ImageConfig = {
    created: st.created, architecture: s.platform.architecture, os: s.platform.os,
    ...(s.platform.variant && { variant: s.platform.variant }), ...(st.sc.author && { author: st.sc.author }),
    config: runtime, rootfs: { type: 'layers', diff_ids: st.diffIds }, history: st.history,
  };
  const vertex = s.progress.vertex('exporting to image');
  const { manifest, id } = await exportImage({ client: s.client, snapshotter: s.globals.snapshotter, lease: s.lease, config, layers: st.layers, names });
  vertex.log(`writing image ${id} done\n`);
  for (const n of names) vertex.log(`naming to ${n} done\n`);
  vertex.done();
  return { id, digest: manifest.digest, names, config };
}
