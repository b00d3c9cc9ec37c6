import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'pull', group: image, shortcuts: ['pull'], common: 4,
  summary: 'Download an image from a registry',
  usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
  examples: `  nerdts pull busybox
  nerdts pull --platform linux/arm64 alpine:3.20
  nerdts pull 127.0.0.1:5000/app@sha256:...`,
  flags: {
    platform: { type: 'string', complete: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'], description: 'Pull content for a specific platform' },
    quiet: { type: 'boolean', short: 'q', description: 'Suppress verbose output' },
    unpack: { type: 'string', choices: ['auto', 'true', 'false'], default: 'auto', description: 'Unpack the image for the current single platform' },
  },
  args: { min: 1, max: 1, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image-transfer').pull(ctx.globals, {
    reference: ctx.args[0]!, quiet: ctx.flags.quiet,
    ...(ctx.flags.platform !== undefined && { platform: ctx.flags.platform }),
    ...(ctx.flags.unpack !== 'auto' && { unpack: ctx.flags.unpack === 'true' }),
  }, ctx.io),
});
