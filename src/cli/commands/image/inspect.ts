import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'inspect', group: image,
  summary: 'Display detailed information on one or more images',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  examples: "  nerdts image inspect busybox\n  nerdts image inspect -f '{{.Config.Cmd}}' busybox",
  flags: {
    format: { type: 'string', short: 'f', complete: ['json'], description: 'Format output using a custom template' },
  },
  args: { min: 1, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image').inspect(ctx.globals, {
    images: ctx.args, ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
