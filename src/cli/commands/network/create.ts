import { defineCommand } from '../../command';
import { network } from '../groups';

export default defineCommand({
  name: 'create', group: network,
  summary: 'Create a network',
  usage: '[OPTIONS] NETWORK',
  examples: '  nerdts network create mynet\n  nerdts network create --subnet 10.10.0.0/24 --gateway 10.10.0.1 -o mtu=1400 mynet',
  flags: {
    driver: { type: 'string', short: 'd', complete: ['bridge'], description: 'Driver to manage the Network (only "bridge")' },
    subnet: { type: 'string', description: 'Subnet in CIDR format that represents a network segment' },
    gateway: { type: 'string', description: 'IPv4 Gateway for the master subnet' },
    'ip-range': { type: 'string', description: 'Allocate container ip from a sub-range' },
    internal: { type: 'boolean', description: 'Restrict external access to the network' },
    opt: { type: 'string[]', short: 'o', valueName: 'map', description: 'Set driver specific options (e.g. mtu=1400)' },
    label: { type: 'string[]', valueName: 'list', description: 'Set metadata on a network' },
    ipv6: { type: 'boolean', description: 'Enable IPv6 networking (not supported)' },
  },
  args: { min: 1, max: 1 },
  run: (ctx) => ctx.loadChunk('container').networkCreate(ctx.globals, {
    name: ctx.args[0]!, ...(ctx.flags.driver !== undefined && { driver: ctx.flags.driver }),
    ...(ctx.flags.subnet !== undefined && { subnet: ctx.flags.subnet }), ...(ctx.flags.gateway !== undefined && { gateway: ctx.flags.gateway }),
    ...(ctx.flags.ipRange !== undefined && { ipRange: ctx.flags.ipRange }), internal: ctx.flags.internal, ipv6: ctx.flags.ipv6,
    options: ctx.flags.opt, labels: ctx.flags.label,
  }, ctx.io),
});
