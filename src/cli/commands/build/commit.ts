import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'commit', group: container, shortcuts: ['commit'],
  summary: "Create a new image from a container's changes",
  usage: '[OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  flags: {
    author: { type: 'string', short: 'a', description: 'Author (e.g., "nerdts contributor <nerdts-dev@example.com>")' },
    change: { type: 'string[]', short: 'c', description: 'Apply Dockerfile instruction to the created image' },
    message: { type: 'string', short: 'm', description: 'Commit message' },
    pause: { type: 'boolean', short: 'p', default: true, description: 'Pause container during commit' },
  },
  args: { min: 1, max: 2, completePositions: ['containers', 'images'] },
  run: (ctx) => ctx.loadChunk('build').commitCommand(ctx.globals, {
    container: ctx.args[0]!, changes: ctx.flags.change, pause: ctx.flags.pause,
    ...(ctx.args[1] !== undefined && { reference: ctx.args[1] }),
    ...(ctx.flags.message !== undefined && { message: ctx.flags.message }),
    ...(ctx.flags.author !== undefined && { author: ctx.flags.author }),
  }, ctx.io),
});
