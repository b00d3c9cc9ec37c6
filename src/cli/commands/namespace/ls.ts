import { defineCommand } from '../../command';
import { namespace } from '../groups';

export default defineCommand({
  name: 'ls', group: namespace, aliases: ['list'],
  summary: 'List containerd namespaces',
  usage: '[OPTIONS]',
  flags: {
    quiet: { type: 'boolean', short: 'q', description: 'Only display namespace names' },
    format: { type: 'string', complete: ['json', 'table'], description: 'Format the output using the given Go template' },
  },
  run: (ctx) => ctx.loadChunk('system').namespaceLs(ctx.globals, {
    quiet: ctx.flags.quiet, ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
