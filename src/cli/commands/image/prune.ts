import { defineCommand } from '../../command';
import { confirmer } from '../../prompt';
import { image } from '../groups';

export default defineCommand({
  name: 'prune', group: image,
  summary: 'Remove unused images',
  usage: '[OPTIONS]',
  examples: '  nerdts image prune -f\n  nerdts image prune -a --filter label=stage=ci',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Remove all unused images, not just dangling ones' },
    filter: { type: 'string[]', valueName: 'filter', description: 'Provide filter values (e.g. "until=24h", "label=k=v")' },
    force: { type: 'boolean', short: 'f', description: 'Do not prompt for confirmation' },
  },
  run: (ctx) => ctx.loadChunk('image').imagePrune(ctx.globals, {
    all: ctx.flags.all, force: ctx.flags.force, filters: ctx.flags.filter, confirm: confirmer(ctx.io),
  }, ctx.io),
});
