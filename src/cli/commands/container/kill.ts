import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'kill', group: container, shortcuts: ['kill'],
  summary: 'Kill one or more running containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  flags: {
    signal: { type: 'string', short: 's', default: 'KILL', complete: 'signals', description: 'Signal to send to the container' },
  },
  args: { min: 1, complete: 'running-containers' },
  run: (ctx) => ctx.loadChunk('container').kill(ctx.globals, { containers: ctx.args, signal: ctx.flags.signal }, ctx.io),
});
