import { defineCommand } from '../../command';
import { network } from '../groups';

export default defineCommand({
  name: 'ls', group: network, aliases: ['list'],
  summary: 'List networks',
  usage: '[OPTIONS]',
  flags: {
    quiet: { type: 'boolean', short: 'q', description: 'Only display network IDs' },
    format: { type: 'string', complete: ['json', 'table'], description: 'Format the output using the given Go template' },
    filter: { type: 'string[]', short: 'f', valueName: 'filter', description: 'Provide filter values (e.g. "driver=bridge", "label=k=v", "name=x")' },
    'no-trunc': { type: 'boolean', description: 'Do not truncate the output' },
  },
  run: (ctx) => ctx.loadChunk('container').networkLs(ctx.globals, {
    quiet: ctx.flags.quiet, filters: ctx.flags.filter, noTrunc: ctx.flags.noTrunc,
    ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
