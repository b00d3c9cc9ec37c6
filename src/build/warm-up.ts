// Warm-up of the build chunk, run once at build time before its V8 code cache is written
// (scripts/build.mjs, src/cli/chunk-cache.ts): parsing, stage planning, config instructions, cache
// keys, the digest cache and the image digests run here, so their bytecode ships in
// dist/chunks/build.js.cache instead of being compiled on every build. Synchronous: the cache is
// written right after this returns. No containerd, no file system.
import type { Stats } from 'node:fs';
import { stepKey } from './cache';
import { applyConfigInstruction } from './config-step';
import type { StageConfig } from './config-step';
import { FileDigests } from './content-hash';
import { readDockerfile } from './dockerfile/instructions';
import { isIgnored, parseDockerignore } from './dockerignore';
import { expectedImage } from './export-image';
import { plainBuildProgress, quietBuildProgress } from './progress';
import { globalArgValues, neededStages, planStages, targetStage } from './stages';
import { runArgv } from './steps';

const DOCKERFILE = `# syntax=docker/dockerfile:1
ARG BASE=busybox:latest
FROM \${BASE} AS build
ARG WHO=world
ENV GREETING=hi PATH=/usr/local/bin:/usr/bin:/bin
WORKDIR /src
COPY --chown=0:0 --chmod=644 . /src/
RUN echo "$GREETING $WHO" > /out.txt && du -s /src > /du.txt
RUN ["/bin/sh", "-c", "ls /src"]
FROM \${BASE}
LABEL org.example.k="v 1" other=2
EXPOSE 80 53/udp
VOLUME ["/data"]
USER 1000:1000
COPY --from=build /out.txt /out.txt
ADD local.tar /opt/
HEALTHCHECK --interval=5s --timeout=3s --retries=2 CMD true
STOPSIGNAL SIGTERM
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat", "/out.txt"]
`;

const SHA = 'a'.repeat(64);

function warmDockerfile(): void {
  const df = readDockerfile(DOCKERFILE);
  const plan = planStages(df);
  const args = globalArgValues(plan, { WHO: 'you' }, { TARGETPLATFORM: 'linux/amd64' }, df.escape);
  const target = targetStage(plan, undefined);
  neededStages(plan, target, (n) => args.get(n), df.escape);
  for (const stage of plan.stages) {
    let sc: StageConfig = { config: { Env: ['PATH=/bin'] } };
    let key = stepKey('', `image sha256:${SHA}`);
    for (const i of stage.instructions) {
      if (i.kind === 'RUN') runArgv(i, ['/bin/sh', '-c']);
      else if (i.kind !== 'COPY' && i.kind !== 'ADD' && i.kind !== 'ARG') sc = applyConfigInstruction(sc, i, (n) => args.get(n), df.escape);
      key = stepKey(key, i.raw.original, [JSON.stringify(sc)]);
    }
  }
}

function warmDigests(): void {
  const st = { size: 5, mtimeMs: 1, ctimeMs: 1, ino: 2, dev: 3, mode: 0o100644 } as Stats;
  const text = JSON.stringify({ version: 1, entries: { '/c/a': [5, 1, 1, 2, 3, 0o100644, SHA] } });
  const digests = new FileDigests('/nonexistent/x.json', true, {
    read: () => text, write: () => undefined, hashFile: () => Buffer.alloc(32), stat: () => st, nowMs: () => 1e13,
  });
  digests.digest('/c/a', st);
  digests.digest('/c/b', st);
  isIgnored(parseDockerignore('node_modules\n*.log\n!keep.log\n'), 'a/b.log');
}

/** Runs the build chunk's synchronous hot paths once. */
export function warmUp(): void {
  warmDockerfile();
  warmDigests();
  const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${SHA}`, size: 1 };
  expectedImage({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [`sha256:${SHA}`] } }, [layer]);
  for (const p of [quietBuildProgress(), plainBuildProgress(() => undefined, () => 0)]) {
    const v = p.vertex('[1/2] FROM x');
    v.cached();
    const w = p.vertex('exporting to image');
    w.log('writing image done\n');
    w.done();
  }
}
