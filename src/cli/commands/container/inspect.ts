import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'inspect', group: container,
  summary: 'Display detailed information on one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  examples: "  nerdts container inspect web\n  nerdts container inspect -f '{{.State.Status}}' web",
  flags: {
    format: { type: 'string', short: 'f', complete: ['json'], description: 'Format output using a custom template' },
  },
  args: { min: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').inspect(ctx.globals, {
    names: ctx.args, type: 'container', ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
