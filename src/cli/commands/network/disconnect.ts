import { defineCommand } from '../../command';
import { network } from '../groups';

export default defineCommand({
  name: 'disconnect', group: network,
  summary: 'Disconnect a container from a network',
  usage: '[OPTIONS] NETWORK CONTAINER',
  flags: { force: { type: 'boolean', short: 'f', description: 'Force the container to disconnect from a network' } },
  args: { min: 2, max: 2 },
  run: (ctx) => ctx.loadChunk('container').networkDisconnect(ctx.globals, {
    network: ctx.args[0]!, container: ctx.args[1]!, force: ctx.flags.force,
  }, ctx.io),
});
