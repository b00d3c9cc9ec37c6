import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'attach', group: container, shortcuts: ['attach'],
  summary: "Attach local standard input, output, and error streams to a running container",
  usage: '[OPTIONS] CONTAINER',
  flags: {
    'no-stdin': { type: 'boolean', description: 'Do not attach STDIN' },
    'detach-keys': { type: 'string', description: 'Override the key sequence for detaching a container' },
  },
  args: { min: 1, max: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').attach(ctx.globals, {
    container: ctx.args[0]!, noStdin: ctx.flags.noStdin,
    ...(ctx.flags.detachKeys !== undefined && { detachKeys: ctx.flags.detachKeys }),
  }, ctx.io),
});
