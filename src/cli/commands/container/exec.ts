import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'exec', group: container, shortcuts: ['exec'], common: 3,
  summary: 'Run a command in a running container',
  usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  examples: '  nerdts exec web ls /\n  nerdts exec -it web sh',
  flags: {
    interactive: { type: 'boolean', short: 'i', description: 'Keep STDIN open even if not attached' },
    tty: { type: 'boolean', short: 't', description: 'Allocate a pseudo-TTY' },
    detach: { type: 'boolean', short: 'd', description: 'Detached mode: run command in the background' },
    env: { type: 'string[]', short: 'e', description: 'Set environment variables' },
    'env-file': { type: 'string[]', complete: 'files', description: 'Read in a file of environment variables' },
    workdir: { type: 'string', short: 'w', description: 'Working directory inside the container' },
    user: { type: 'string', short: 'u', description: 'Username or UID (format: <name|uid>[:<group|gid>])' },
    privileged: { type: 'boolean', description: 'Give extended privileges to the command' },
  },
  args: { min: 2, complete: 'containers' },
  stopAtFirstPositional: true,
  run: (ctx) => ctx.loadChunk('container').exec(ctx.globals, {
    container: ctx.args[0]!, command: ctx.args.slice(1), interactive: ctx.flags.interactive, tty: ctx.flags.tty,
    detach: ctx.flags.detach, env: ctx.flags.env, envFiles: ctx.flags.envFile, privileged: ctx.flags.privileged,
    ...(ctx.flags.workdir !== undefined && { workdir: ctx.flags.workdir }), ...(ctx.flags.user !== undefined && { user: ctx.flags.user }),
  }, ctx.io),
});
