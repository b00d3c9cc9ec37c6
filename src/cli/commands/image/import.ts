import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'import', group: image, shortcuts: ['import'],
  summary: 'Import the contents from a tarball to create a filesystem image',
  usage: '[OPTIONS] file|- [REPOSITORY[:TAG]]',
  examples: `  nerdts import rootfs.tar myimage:latest
  cat rootfs.tar.gz | nerdts import --change 'CMD ["sh"]' - myimage`,
  flags: {
    change: { type: 'string[]', short: 'c', description: 'Apply Dockerfile instruction to the created image' },
    message: { type: 'string', short: 'm', description: 'Set commit message for imported image' },
    platform: { type: 'string', complete: ['linux/amd64', 'linux/arm64'], description: 'Set platform if server is multi-platform capable' },
  },
  args: { min: 1, max: 2, completePositions: ['files', 'images'] },
  run: (ctx) => ctx.loadChunk('image-transfer').importCommand(ctx.globals, {
    file: ctx.args[0]!, changes: ctx.flags.change,
    ...(ctx.args[1] !== undefined && { reference: ctx.args[1] }),
    ...(ctx.flags.message !== undefined && { message: ctx.flags.message }),
    ...(ctx.flags.platform !== undefined && { platform: ctx.flags.platform }),
  }, ctx.io),
});
