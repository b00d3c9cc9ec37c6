import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'pause', group: container, shortcuts: ['pause'],
  summary: 'Pause all processes within one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1, complete: 'running-containers' },
  run: (ctx) => ctx.loadChunk('container').pause(ctx.globals, { containers: ctx.args }, ctx.io),
});
