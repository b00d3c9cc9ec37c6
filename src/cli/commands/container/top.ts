import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'top', group: container, shortcuts: ['top'],
  summary: 'Display the running processes of a container',
  usage: 'CONTAINER [ps OPTIONS]',
  examples: '  nerdts top web\n  nerdts top web -o pid,comm',
  args: { min: 1, complete: 'running-containers' },
  // Everything after the container is for ps, dashes included.
  stopAtFirstPositional: true,
  run: (ctx) => ctx.loadChunk('container').top(ctx.globals, { container: ctx.args[0]!, psArgs: ctx.args.slice(1) }, ctx.io),
});
