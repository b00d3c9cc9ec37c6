import { defineCommand } from '../../command';
import { network } from '../groups';

export default defineCommand({
  name: 'inspect', group: network,
  summary: 'Display detailed information on one or more networks',
  usage: '[OPTIONS] NETWORK [NETWORK...]',
  flags: { format: { type: 'string', short: 'f', complete: ['json'], description: 'Format the output using the given Go template' } },
  args: { min: 1, complete: 'networks' },
  run: (ctx) => ctx.loadChunk('container').networkInspect(ctx.globals, {
    names: ctx.args, ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
