import { defineCommand } from '../../command';
import { builder } from '../groups';

export default defineCommand({
  name: 'prune', group: builder,
  summary: 'Clean up the build cache',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Remove all cache (the only mode)' },
    force: { type: 'boolean', short: 'f', description: 'Do not prompt for confirmation' },
  },
  args: { max: 0 },
  run: (ctx) => ctx.loadChunk('build').builderPrune(ctx.globals, ctx.io),
});
