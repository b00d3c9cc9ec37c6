import { defineCommand } from '../../command';
import { namespace } from '../groups';

export default defineCommand({
  name: 'create', group: namespace,
  summary: 'Create a new namespace',
  usage: '[OPTIONS] NAMESPACE',
  examples: '  nerdts namespace create --label team=web staging',
  flags: { label: { type: 'string[]', description: 'Set labels for a namespace' } },
  args: { min: 1, max: 1 },
  run: (ctx) => ctx.loadChunk('system').namespaceCreate(ctx.globals, { name: ctx.args[0]!, labels: ctx.flags.label }, ctx.io),
});
