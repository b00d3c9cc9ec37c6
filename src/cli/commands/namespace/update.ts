import { defineCommand } from '../../command';
import { namespace } from '../groups';

export default defineCommand({
  name: 'update', group: namespace,
  summary: 'Update labels for a namespace',
  usage: '[OPTIONS] NAMESPACE',
  flags: { label: { type: 'string[]', description: 'Set labels for a namespace' } },
  args: { min: 1, max: 1, complete: 'namespaces' },
  run: (ctx) => ctx.loadChunk('system').namespaceUpdate(ctx.globals, { name: ctx.args[0]!, labels: ctx.flags.label }, ctx.io),
});
