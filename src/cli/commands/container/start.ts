import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'start', group: container, shortcuts: ['start'],
  summary: 'Start one or more stopped containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').start(ctx.globals, { containers: ctx.args }, ctx.io),
});
