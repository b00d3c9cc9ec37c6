import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'stop', group: container, shortcuts: ['stop'],
  summary: 'Stop one or more running containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  flags: {
    time: { type: 'number', short: 't', description: 'Seconds to wait before killing the container' },
    signal: { type: 'string', short: 's', complete: 'signals', description: 'Signal to send to the container' },
  },
  args: { min: 1, complete: 'running-containers' },
  run: (ctx) => ctx.loadChunk('container').stop(ctx.globals, {
    containers: ctx.args, ...(ctx.flags.time !== undefined && { timeoutSeconds: ctx.flags.time }),
    ...(ctx.flags.signal !== undefined && { signal: ctx.flags.signal }),
  }, ctx.io),
});
