import { defineCommand } from '../../command';
import { network } from '../groups';

export default defineCommand({
  name: 'connect', group: network,
  summary: 'Connect a container to a network',
  usage: '[OPTIONS] NETWORK CONTAINER',
  flags: {
    ip: { type: 'string', description: 'IPv4 address (e.g., "172.30.100.104")' },
    alias: { type: 'string[]', valueName: 'strings', description: 'Add network-scoped alias for the container' },
  },
  args: { min: 2, max: 2 },
  run: (ctx) => ctx.loadChunk('container').networkConnect(ctx.globals, {
    network: ctx.args[0]!, container: ctx.args[1]!,
    ...(ctx.flags.ip !== undefined && { ip: ctx.flags.ip }), ...(ctx.flags.alias && { aliases: ctx.flags.alias }),
  }, ctx.io),
});
