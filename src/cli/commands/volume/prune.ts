import { defineCommand } from '../../command';
import { confirmer } from '../../prompt';
import { volume } from '../groups';

export default defineCommand({
  name: 'prune', group: volume,
  summary: 'Remove unused local volumes',
  usage: '[OPTIONS]',
  examples: '  nerdts volume prune -f\n  nerdts volume prune -a -f --filter label=tmp',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Remove all unused volumes, not just anonymous ones' },
    filter: { type: 'string[]', valueName: 'filter', description: 'Provide filter values (e.g. "label=<label>")' },
    force: { type: 'boolean', short: 'f', description: 'Do not prompt for confirmation' },
  },
  args: { max: 0 },
  run: (ctx) => ctx.loadChunk('volume').volumePrune(ctx.globals, {
    all: ctx.flags.all, force: ctx.flags.force, filters: ctx.flags.filter, confirm: confirmer(ctx.io),
  }, ctx.io),
});
