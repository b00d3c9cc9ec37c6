import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'load', group: image, shortcuts: ['load'],
  summary: 'Load an image from a tar archive or STDIN',
  usage: '[OPTIONS]',
  examples: '  nerdts load -i busybox.tar\n  nerdts load < images.tar',
  flags: {
    input: { type: 'string', short: 'i', complete: 'files', description: 'Read from tar archive file, instead of STDIN' },
    quiet: { type: 'boolean', short: 'q', description: 'Suppress the load output' },
    platform: { type: 'string', complete: ['linux/amd64', 'linux/arm64'], description: 'Import content for a specific platform' },
  },
  run: (ctx) => ctx.loadChunk('image-transfer').load(ctx.globals, {
    quiet: ctx.flags.quiet, ...(ctx.flags.input !== undefined && { input: ctx.flags.input }),
    ...(ctx.flags.platform !== undefined && { platform: ctx.flags.platform }),
  }, ctx.io),
});
