import { defineCommand } from '../../command';
import { volume } from '../groups';

export default defineCommand({
  name: 'inspect', group: volume,
  summary: 'Display detailed information on one or more volumes',
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  flags: {
    format: { type: 'string', short: 'f', complete: ['json'], description: 'Format output using a custom template' },
  },
  args: { min: 1, complete: 'volumes' },
  run: (ctx) => ctx.loadChunk('volume').volumeInspect(ctx.globals, {
    names: ctx.args, ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
