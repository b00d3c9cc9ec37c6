import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'save', group: image, shortcuts: ['save'],
  summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  examples: '  nerdts save -o busybox.tar busybox\n  nerdts save busybox | gzip > busybox.tar.gz',
  flags: {
    output: { type: 'string', short: 'o', complete: 'files', description: 'Write to a file, instead of STDOUT' },
    platform: { type: 'string', complete: ['linux/amd64', 'linux/arm64'], description: 'Export content for a specific platform' },
  },
  args: { min: 1, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image-transfer').save(ctx.globals, {
    images: ctx.args, ...(ctx.flags.output !== undefined && { output: ctx.flags.output }),
    ...(ctx.flags.platform !== undefined && { platform: ctx.flags.platform }),
  }, ctx.io),
});
