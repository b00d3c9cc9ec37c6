import { defineCommand } from '../../command';
import { system } from '../groups';

export default defineCommand({
  name: 'info', group: system, shortcuts: ['info'], common: 12,
  summary: 'Display system-wide information',
  usage: '[OPTIONS]',
  flags: {
    format: { type: 'string', short: 'f', complete: ['json'], description: 'Format the output using the given Go template' },
  },
  run: (ctx) => ctx.loadChunk('system').info(ctx.globals, ctx.flags.format !== undefined ? { format: ctx.flags.format } : {}, ctx.io),
});
