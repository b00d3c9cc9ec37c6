import { defineCommand } from '../../command';
import { namespace } from '../groups';

export default defineCommand({
  name: 'rm', group: namespace, aliases: ['remove'],
  summary: 'Remove one or more namespaces',
  usage: 'NAMESPACE [NAMESPACE...]',
  args: { min: 1, complete: 'namespaces' },
  run: (ctx) => ctx.loadChunk('system').namespaceRm(ctx.globals, { names: ctx.args }, ctx.io),
});
