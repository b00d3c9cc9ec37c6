import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export default defineCommand({
  name: 'down', group: compose,
  summary: 'Stop and remove containers, networks',
  usage: '[OPTIONS]',
  flags: {
    'remove-orphans': { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' },
    volumes: { type: 'boolean', short: 'v', description: 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers' },
    rmi: { type: 'string', complete: ['local', 'all'], description: 'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")' },
    timeout: { type: 'number', short: 't', description: 'Specify a shutdown timeout in seconds' },
  },
  args: { max: 0 },
  run: (ctx) => ctx.loadChunk('compose-runtime').down(ctx.globals, {
    project: composeProject(ctx.groupFlags), removeOrphans: ctx.flags.removeOrphans, volumes: ctx.flags.volumes,
    ...(ctx.flags.rmi !== undefined && { rmi: ctx.flags.rmi }), ...(ctx.flags.timeout !== undefined && { timeout: ctx.flags.timeout }),
  }, ctx.io),
});
