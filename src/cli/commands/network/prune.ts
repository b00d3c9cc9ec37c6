import { defineCommand } from '../../command';
import { confirmer } from '../../prompt';
import { network } from '../groups';

export default defineCommand({
  name: 'prune', group: network,
  summary: 'Remove all unused networks',
  usage: '[OPTIONS]',
  flags: {
    filter: { type: 'string[]', valueName: 'filter', description: 'Provide filter values (e.g. "label=k=v")' },
    force: { type: 'boolean', short: 'f', description: 'Do not prompt for confirmation' },
  },
  run: (ctx) => ctx.loadChunk('container').networkPrune(ctx.globals, {
    force: ctx.flags.force, filters: ctx.flags.filter, confirm: confirmer(ctx.io),
  }, ctx.io),
});
