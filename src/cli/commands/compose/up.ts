import { NerdtsError } from '../../../errors';
import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export const upFlags = {
  detach: { type: 'boolean', short: 'd', description: 'Detached mode: Run containers in the background' },
  wait: { type: 'boolean', description: 'Wait for services to be running|healthy. Implies detached mode.' },
  'wait-timeout': { type: 'number', description: 'Maximum duration in seconds to wait for the project to be running|healthy' },
  'force-recreate': { type: 'boolean', description: "Recreate containers even if their configuration and image haven't changed" },
  'no-recreate': { type: 'boolean', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
  'remove-orphans': { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' },
  scale: { type: 'string[]', valueName: 'SERVICE=NUM', description: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.' },
  'no-deps': { type: 'boolean', description: "Don't start linked services" },
  pull: { type: 'string', complete: ['always', 'missing', 'never'], description: 'Pull image before running ("always"|"missing"|"never")' },
  'abort-on-container-exit': { type: 'boolean', description: 'Stops all containers if any container was stopped. Incompatible with -d' },
  'exit-code-from': { type: 'string', description: 'Return the exit code of the selected service container. Implies --abort-on-container-exit' },
  timeout: { type: 'number', short: 't', description: 'Use this timeout in seconds for container shutdown when attached or when containers are already running' },
  'no-start': { type: 'boolean', description: "Don't start the services after creating them" },
  'quiet-pull': { type: 'boolean', description: 'Pull without printing progress information' },
  'no-log-prefix': { type: 'boolean', description: "Don't print prefix in logs" },
  'no-color': { type: 'boolean', description: 'Produce monochrome output' },
  build: { type: 'boolean', description: 'Build images before starting containers' },
  'no-build': { type: 'boolean', description: "Don't build an image, even if it's policy" },
} as const;

export default defineCommand({
  name: 'up', group: compose,
  summary: 'Create and start containers',
  usage: '[OPTIONS] [SERVICE...]',
  examples: '  nerdts compose up -d\n  nerdts compose up --wait\n  nerdts compose up --scale web=3 web',
  flags: upFlags,
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').up(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, detach: ctx.flags.detach, wait: ctx.flags.wait,
    forceRecreate: ctx.flags.forceRecreate, noRecreate: ctx.flags.noRecreate, removeOrphans: ctx.flags.removeOrphans,
    scale: ctx.flags.scale ?? [], noDeps: ctx.flags.noDeps, abortOnContainerExit: ctx.flags.abortOnContainerExit,
    noStart: ctx.flags.noStart, quietPull: ctx.flags.quietPull, noLogPrefix: ctx.flags.noLogPrefix, noColor: ctx.flags.noColor, env: ctx.env,
    ...(ctx.flags.waitTimeout !== undefined && { waitTimeout: ctx.flags.waitTimeout }),
    ...(ctx.flags.pull !== undefined && { pull: ctx.flags.pull }),
    ...(ctx.flags.exitCodeFrom !== undefined && { exitCodeFrom: ctx.flags.exitCodeFrom }),
    ...(ctx.flags.timeout !== undefined && { timeout: ctx.flags.timeout }),
    ...upBuild(ctx.flags.build, ctx.flags.noBuild), builder: () => ctx.loadChunk('build'),
  }, ctx.io),
});

/** --build / --no-build as up's build mode (docker compose refuses both). */
function upBuild(build: boolean, noBuild: boolean): { build?: 'always' | 'never' } {
  if (build && noBuild) throw new NerdtsError('invalid-argument', '--build and --no-build are incompatible', { exitCode: 1 });
  return build ? { build: 'always' } : noBuild ? { build: 'never' } : {};
}
