import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'rm', group: container, aliases: ['remove'], shortcuts: ['rm'],
  summary: 'Remove one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  flags: {
    force: { type: 'boolean', short: 'f', description: 'Force the removal of a running container (uses SIGKILL)' },
    volumes: { type: 'boolean', short: 'v', description: 'Remove anonymous volumes associated with the container' },
  },
  args: { min: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').rm(ctx.globals, { containers: ctx.args, force: ctx.flags.force, volumes: ctx.flags.volumes }, ctx.io),
});
