import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export default defineCommand({
  name: 'ps', group: compose,
  summary: 'List containers',
  usage: '[OPTIONS] [SERVICE...]',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Show all stopped containers (including those created by the run command)' },
    quiet: { type: 'boolean', short: 'q', description: 'Only display IDs' },
    services: { type: 'boolean', description: 'Display services' },
    format: { type: 'string', complete: ['table', 'json'], description: 'Format output using a custom template: \'table\', \'json\' or a Go template' },
    status: { type: 'string[]', complete: ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'], description: 'Filter services by status' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').ps(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, all: ctx.flags.all, quiet: ctx.flags.quiet,
    listServices: ctx.flags.services, status: ctx.flags.status ?? [], ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
