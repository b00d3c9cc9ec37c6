import { defineCommand } from '../../command';
import { volume } from '../groups';

export default defineCommand({
  name: 'ls', group: volume, aliases: ['list'],
  summary: 'List volumes',
  usage: '[OPTIONS]',
  examples: "  nerdts volume ls --filter dangling=true\n  nerdts volume ls --format '{{.Name}} {{.Mountpoint}}'",
  flags: {
    quiet: { type: 'boolean', short: 'q', description: 'Only display volume names' },
    format: { type: 'string', complete: ['json', 'table'], description: 'Format output using a custom template' },
    filter: { type: 'string[]', short: 'f', valueName: 'filter', description: 'Provide filter values (e.g. "dangling=true", "label=k=v", "name=x")' },
  },
  args: { max: 0 },
  run: (ctx) => ctx.loadChunk('volume').volumeLs(ctx.globals, {
    quiet: ctx.flags.quiet, filters: ctx.flags.filter, ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
