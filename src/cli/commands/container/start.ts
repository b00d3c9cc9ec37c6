import { defineCommand } from '../../command';
import { NerdtsError } from '../../../errors';
import { container } from '../groups';

export default defineCommand({
  name: 'start', group: container, shortcuts: ['start'],
  summary: 'Start one or more stopped containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  flags: {
    attach: { type: 'boolean', short: 'a', description: "Attach STDOUT/STDERR and forward signals" },
    interactive: { type: 'boolean', short: 'i', description: "Attach container's STDIN" },
    'detach-keys': { type: 'string', description: 'Override the key sequence for detaching a container' },
  },
  args: { min: 1, complete: 'containers' },
  run: (ctx) => {
    if (!ctx.flags.attach && !ctx.flags.interactive) return ctx.loadChunk('container').start(ctx.globals, { containers: ctx.args }, ctx.io);
    if (ctx.args.length > 1) throw new NerdtsError('invalid-argument', 'you cannot start and attach multiple containers at once');
    return ctx.loadChunk('container').startAttached(ctx.globals, {
      container: ctx.args[0]!, interactive: ctx.flags.interactive,
      ...(ctx.flags.detachKeys !== undefined && { detachKeys: ctx.flags.detachKeys }),
    }, ctx.io);
  },
});
