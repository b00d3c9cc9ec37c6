import { defineCommand } from '../../command';
import { namespace } from '../groups';

export default defineCommand({
  name: 'inspect', group: namespace,
  summary: 'Display detailed information on one or more namespaces',
  usage: '[OPTIONS] NAMESPACE [NAMESPACE...]',
  flags: { format: { type: 'string', short: 'f', complete: ['json'], description: 'Format the output using the given Go template' } },
  args: { min: 1, complete: 'namespaces' },
  run: (ctx) => ctx.loadChunk('system').namespaceInspect(ctx.globals, {
    names: ctx.args, ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
