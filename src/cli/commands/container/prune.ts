import { defineCommand } from '../../command';
import { confirmer } from '../../prompt';
import { container } from '../groups';

export default defineCommand({
  name: 'prune', group: container,
  summary: 'Remove all stopped containers',
  usage: '[OPTIONS]',
  examples: '  nerdts container prune -f\n  nerdts container prune -f --filter until=24h --filter label=ci',
  flags: {
    filter: { type: 'string[]', valueName: 'filter', description: 'Provide filter values (e.g. "until=<timestamp>", "label=k=v")' },
    force: { type: 'boolean', short: 'f', description: 'Do not prompt for confirmation' },
  },
  args: { max: 0 },
  run: (ctx) => ctx.loadChunk('container').containerPrune(ctx.globals, {
    force: ctx.flags.force, filters: ctx.flags.filter, confirm: confirmer(ctx.io),
  }, ctx.io),
});
