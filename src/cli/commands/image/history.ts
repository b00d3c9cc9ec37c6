import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'history', group: image, shortcuts: ['history'],
  summary: 'Show the history of an image',
  usage: '[OPTIONS] IMAGE',
  examples: "  nerdts history busybox\n  nerdts history --format '{{.CreatedBy}}' busybox",
  flags: {
    format: { type: 'string', complete: ['json', 'table'], description: 'Format output using a custom template' },
    human: { type: 'boolean', short: 'H', default: true, description: 'Print sizes and dates in human readable format' },
    'no-trunc': { type: 'boolean', description: "Don't truncate output" },
    quiet: { type: 'boolean', short: 'q', description: 'Only show image IDs' },
    platform: { type: 'string', complete: ['linux/amd64', 'linux/arm64'], description: 'Show history for the given platform' },
  },
  args: { min: 1, max: 1, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image').history(ctx.globals, {
    image: ctx.args[0]!, noTrunc: ctx.flags.noTrunc, quiet: ctx.flags.quiet, human: ctx.flags.human,
    ...(ctx.flags.format !== undefined && { format: ctx.flags.format }), ...(ctx.flags.platform !== undefined && { platform: ctx.flags.platform }),
  }, ctx.io),
});
