import { defineCommand } from '../../command';
import { image } from '../groups';
import { imageFilters } from './filters';

export default defineCommand({
  name: 'ls', group: image, aliases: ['list'], shortcuts: ['images'], common: 7,
  summary: 'List images',
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  examples: `  nerdts images
  nerdts images busybox
  nerdts images --filter dangling=true
  nerdts images --format '{{.Repository}}:{{.Tag}} {{.Size}}'`,
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Show all images (default hides intermediate images)' },
    digests: { type: 'boolean', description: 'Show digests' },
    filter: { type: 'string[]', short: 'f', valueName: 'filter', description: 'Filter output based on conditions provided (reference, before, since, label, dangling)' },
    format: { type: 'string', complete: ['json', 'table'], description: 'Format output using a custom template' },
    'no-trunc': { type: 'boolean', description: "Don't truncate output" },
    quiet: { type: 'boolean', short: 'q', description: 'Only show image IDs' },
  },
  args: { max: 1, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image').images(ctx.globals, {
    quiet: ctx.flags.quiet, digests: ctx.flags.digests, noTrunc: ctx.flags.noTrunc, filters: imageFilters(ctx.flags.filter),
    ...(ctx.flags.format !== undefined && { format: ctx.flags.format }), ...(ctx.args[0] !== undefined && { reference: ctx.args[0] }),
  }, ctx.io),
});
