import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'push', group: image, shortcuts: ['push'], common: 5,
  summary: 'Upload an image to a registry',
  usage: '[OPTIONS] NAME[:TAG]',
  examples: '  nerdts tag busybox 127.0.0.1:5000/busybox:v1\n  nerdts push 127.0.0.1:5000/busybox:v1',
  flags: {
    platform: { type: 'string', complete: ['linux/amd64', 'linux/arm64'], description: 'Push a platform-specific manifest as a single-platform image' },
    quiet: { type: 'boolean', short: 'q', description: 'Suppress verbose output' },
  },
  args: { min: 1, max: 1, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image-transfer').push(ctx.globals, {
    reference: ctx.args[0]!, quiet: ctx.flags.quiet, ...(ctx.flags.platform !== undefined && { platform: ctx.flags.platform }),
  }, ctx.io),
});
