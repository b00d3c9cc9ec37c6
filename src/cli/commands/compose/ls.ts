import { defineCommand } from '../../command';
import { compose } from '../groups';

export default defineCommand({
  name: 'ls', group: compose,
  summary: 'List running compose projects',
  usage: '[OPTIONS]',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Show all stopped Compose projects' },
    quiet: { type: 'boolean', short: 'q', description: 'Only display project names' },
    format: { type: 'string', complete: ['table', 'json'], description: 'Format the output. Values: [table | json]' },
    filter: { type: 'string[]', description: 'Filter output based on conditions provided' },
  },
  args: { max: 0 },
  run: (ctx) => ctx.loadChunk('compose-runtime').ls(ctx.globals, {
    all: ctx.flags.all, quiet: ctx.flags.quiet, filters: ctx.flags.filter ?? [], ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
