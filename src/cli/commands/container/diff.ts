import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'diff', group: container, shortcuts: ['diff'],
  summary: "Inspect changes to files or directories on a container's filesystem",
  usage: 'CONTAINER',
  args: { min: 1, max: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').diff(ctx.globals, { container: ctx.args[0]! }, ctx.io),
});
