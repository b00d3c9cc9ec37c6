import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'unpause', group: container, shortcuts: ['unpause'],
  summary: 'Unpause all processes within one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1, complete: 'running-containers' },
  run: (ctx) => ctx.loadChunk('container').unpause(ctx.globals, { containers: ctx.args }, ctx.io),
});
