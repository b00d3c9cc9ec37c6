import { defineCommand } from '../../command';
import { container } from '../groups';
import { createFlags, createOptionsFrom } from './create-flags';

export default defineCommand({
  name: 'run', group: container, shortcuts: ['run'], common: 1,
  summary: 'Create and run a new container from an image',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  examples: '  nerdts run -d --name web --network host httpd\n  nerdts run -d --network none busybox sleep 60',
  flags: {
    detach: { type: 'boolean', short: 'd', description: 'Run container in background and print container ID' },
    'detach-keys': { type: 'string', description: 'Override the key sequence for detaching a container' },
    'sig-proxy': { type: 'boolean', default: true, description: 'Proxy received signals to the process' },
    ...createFlags,
  },
  args: { min: 1, complete: 'images' },
  stopAtFirstPositional: true,
  run: (ctx) => ctx.loadChunk('container').run(ctx.globals, {
    ...createOptionsFrom(ctx.flags, ctx.args), detach: ctx.flags.detach,
    ...(ctx.flags.detachKeys !== undefined && { detachKeys: ctx.flags.detachKeys }), sigProxy: ctx.flags.sigProxy,
  }, ctx.io),
});
