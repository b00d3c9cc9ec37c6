import { defineCommand } from '../../command';
import { volume } from '../groups';

export default defineCommand({
  name: 'rm', group: volume, aliases: ['remove'],
  summary: 'Remove one or more volumes',
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  flags: {
    force: { type: 'boolean', short: 'f', description: 'Do not fail on volumes that do not exist' },
  },
  args: { min: 1, complete: 'volumes' },
  run: (ctx) => ctx.loadChunk('volume').volumeRm(ctx.globals, { names: ctx.args, force: ctx.flags.force }, ctx.io),
});
