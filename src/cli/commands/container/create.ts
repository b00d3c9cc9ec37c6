import { defineCommand } from '../../command';
import { container } from '../groups';
import { createFlags, createOptionsFrom } from './create-flags';

export default defineCommand({
  name: 'create', group: container, shortcuts: ['create'],
  summary: 'Create a new container',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  examples: '  nerdts create --name web --network host httpd\n  nerdts create busybox sleep 60',
  flags: createFlags,
  args: { min: 1, complete: 'images' },
  stopAtFirstPositional: true,
  run: (ctx) => ctx.loadChunk('container').create(ctx.globals, createOptionsFrom(ctx.flags, ctx.args), ctx.io),
});
