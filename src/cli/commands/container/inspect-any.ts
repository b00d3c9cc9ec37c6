// The top-level `inspect`: containers first, then images (docker's order).
import { defineCommand } from '../../command';

export default defineCommand({
  name: 'inspect',
  summary: 'Return low-level information on objects',
  usage: '[OPTIONS] NAME|ID [NAME|ID...]',
  examples: "  nerdts inspect web\n  nerdts inspect --type image -f '{{.Id}}' busybox",
  flags: {
    format: { type: 'string', short: 'f', complete: ['json'], description: 'Format output using a custom template' },
    type: { type: 'string', choices: ['container', 'image'], description: 'Return JSON for specified type' },
  },
  args: { min: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').inspect(ctx.globals, {
    names: ctx.args, ...(ctx.flags.type !== undefined && { type: ctx.flags.type }),
    ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
