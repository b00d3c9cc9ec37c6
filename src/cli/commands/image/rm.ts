import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'rm', group: image, aliases: ['remove'], shortcuts: ['rmi'],
  summary: 'Remove one or more images',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  examples: '  nerdts rmi busybox\n  nerdts rmi -f 0a1b2c3d4e5f',
  flags: {
    force: { type: 'boolean', short: 'f', description: 'Force removal of the image' },
  },
  args: { min: 1, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image').rmi(ctx.globals, { images: ctx.args, force: ctx.flags.force }, ctx.io),
});
