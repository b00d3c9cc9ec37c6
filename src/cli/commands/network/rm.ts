import { defineCommand } from '../../command';
import { network } from '../groups';

export default defineCommand({
  name: 'rm', group: network, aliases: ['remove'],
  summary: 'Remove one or more networks',
  usage: 'NETWORK [NETWORK...]',
  flags: { force: { type: 'boolean', short: 'f', description: 'Do not error if the network does not exist' } },
  args: { min: 1, complete: 'networks' },
  run: (ctx) => ctx.loadChunk('container').networkRm(ctx.globals, { names: ctx.args, force: ctx.flags.force }, ctx.io),
});
