import { defineCommand } from '../../command';
import type { CommandContext } from '../../command';
import { builder, image } from '../groups';
import { NerdtsError } from '../../../errors';

const flags = {
  tag: { type: 'string[]', short: 't', description: 'Name and optionally a tag in the \'name:tag\' format' },
  file: { type: 'string', short: 'f', complete: 'files', description: "Name of the Dockerfile (default: 'PATH/Dockerfile')" },
  'build-arg': { type: 'string[]', description: 'Set build-time variables' },
  'build-context': { type: 'string[]', description: 'Additional build contexts (name=path or name=docker-image://ref)' },
  target: { type: 'string', description: 'Set the target build stage to build' },
  'no-cache': { type: 'boolean', description: 'Do not use cache when building the image' },
  pull: { type: 'boolean', description: 'Always attempt to pull a newer version of the image' },
  label: { type: 'string[]', description: 'Set metadata for an image' },
  platform: { type: 'string', complete: ['linux/amd64', 'linux/arm64'], description: 'Set target platform for build (host only)' },
  network: { type: 'string', complete: ['default', 'bridge', 'host', 'none'], description: 'Set the networking mode for the RUN instructions during build' },
  iidfile: { type: 'string', complete: 'files', description: 'Write the image ID to the file' },
  quiet: { type: 'boolean', short: 'q', description: 'Suppress the build output and print image ID on success' },
  progress: { type: 'string', complete: ['auto', 'plain', 'tty', 'quiet'], description: 'Set type of progress output (auto, plain, tty, quiet)' },
  output: { type: 'string[]', short: 'o', description: 'Output destination (format: type=docker|oci|tar,dest=path)' },
} as const;

function keyValues(list: readonly string[], env: Readonly<Record<string, string | undefined>>, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i === 0) throw new NerdtsError('invalid-argument', `invalid ${what}: ${kv}`);
    if (i < 0) { const v = env[kv]; if (v !== undefined) out[kv] = v; } else out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

type Ctx = CommandContext<typeof flags>;
const run = (ctx: Ctx): Promise<void> => {
  const f = ctx.flags;
  return ctx.loadChunk('build').buildCommand(ctx.globals, {
    context: ctx.args[0]!, tags: f.tag, buildArgs: keyValues(f.buildArg, ctx.env, 'build-arg'),
    labels: keyValues(f.label, {}, 'label'), noCache: f.noCache ?? false, pull: f.pull ?? false,
    quiet: f.quiet ?? false, outputs: f.output, buildContexts: f.buildContext,
    ...(f.file !== undefined && { dockerfile: f.file }), ...(f.target !== undefined && { target: f.target }),
    ...(f.platform !== undefined && { platform: f.platform }), ...(f.network !== undefined && { network: f.network }),
    ...(f.iidfile !== undefined && { iidfile: f.iidfile }), ...(f.progress !== undefined && { progress: f.progress }),
  }, ctx.io);
};

const common = {
  summary: 'Build an image from a Dockerfile (no buildkitd needed)',
  usage: '[OPTIONS] PATH|-',
  examples: '  nerdts build -t myapp:latest .\n  nerdts build -f docker/Dockerfile --build-arg VERSION=1 --target prod .',
  flags, args: { min: 1, max: 1, complete: 'directories' as const }, run,
};

/** `nerdts image build` (and `nerdts build`). */
export const imageBuild = defineCommand({ name: 'build', group: image, shortcuts: ['build'], ...common });
/** `nerdts builder build`. */
export const builderBuild = defineCommand({ name: 'build', group: builder, ...common });
