import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export default defineCommand({
  name: 'logs', group: compose,
  summary: 'View output from containers',
  usage: '[OPTIONS] [SERVICE...]',
  flags: {
    follow: { type: 'boolean', short: 'f', description: 'Follow log output' },
    tail: { type: 'string', short: 'n', default: 'all', description: 'Number of lines to show from the end of the logs for each container' },
    timestamps: { type: 'boolean', short: 't', description: 'Show timestamps' },
    'no-log-prefix': { type: 'boolean', description: "Don't print prefix in logs" },
    'no-color': { type: 'boolean', description: 'Produce monochrome output' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').logs(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, follow: ctx.flags.follow, tail: ctx.flags.tail,
    timestamps: ctx.flags.timestamps, noLogPrefix: ctx.flags.noLogPrefix, noColor: ctx.flags.noColor,
  }, ctx.io),
});
