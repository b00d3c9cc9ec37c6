import { defineCommand } from '../../command';
import { image } from '../groups';

export default defineCommand({
  name: 'tag', group: image, shortcuts: ['tag'],
  summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  examples: '  nerdts tag busybox 127.0.0.1:5000/busybox:v1',
  args: { min: 2, max: 2, complete: 'images' },
  run: (ctx) => ctx.loadChunk('image').tag(ctx.globals, { source: ctx.args[0]!, target: ctx.args[1]! }, ctx.io),
});
