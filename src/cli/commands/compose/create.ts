import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export default defineCommand({
  name: 'create', group: compose,
  summary: 'Creates containers for a service',
  usage: '[OPTIONS] [SERVICE...]',
  flags: {
    'force-recreate': { type: 'boolean', description: "Recreate containers even if their configuration and image haven't changed" },
    'no-recreate': { type: 'boolean', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
    'remove-orphans': { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' },
    scale: { type: 'string[]', valueName: 'SERVICE=NUM', description: 'Scale SERVICE to NUM instances' },
    pull: { type: 'string', complete: ['always', 'missing', 'never'], description: 'Pull image before running ("always"|"missing"|"never")' },
    'quiet-pull': { type: 'boolean', description: 'Pull without printing progress information' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').up(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, detach: true, wait: false, noStart: true,
    forceRecreate: ctx.flags.forceRecreate, noRecreate: ctx.flags.noRecreate, removeOrphans: ctx.flags.removeOrphans,
    scale: ctx.flags.scale ?? [], noDeps: false, abortOnContainerExit: false, quietPull: ctx.flags.quietPull,
    noLogPrefix: false, noColor: false, env: ctx.env, ...(ctx.flags.pull !== undefined && { pull: ctx.flags.pull }),
    builder: () => ctx.loadChunk('build'),
  }, ctx.io),
});
