import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'wait', group: container, shortcuts: ['wait'],
  summary: 'Block until one or more containers stop, then print their exit codes',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').wait(ctx.globals, { containers: ctx.args }, ctx.io),
});
