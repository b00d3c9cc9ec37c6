import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'rename', group: container, shortcuts: ['rename'],
  summary: 'Rename a container',
  usage: 'CONTAINER NEW_NAME',
  args: { min: 2, max: 2, completePositions: ['containers', []] },
  run: (ctx) => ctx.loadChunk('container').rename(ctx.globals, { container: ctx.args[0]!, name: ctx.args[1]! }, ctx.io),
});
