import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'port', group: container, shortcuts: ['port'],
  summary: 'List port mappings or a specific mapping for the container',
  usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
  examples: '  nerdts port web\n  nerdts port web 80/tcp',
  args: { min: 1, max: 2, completePositions: ['containers', []] },
  run: (ctx) => ctx.loadChunk('container').port(ctx.globals, {
    container: ctx.args[0]!, ...(ctx.args[1] !== undefined && { port: ctx.args[1] }),
  }, ctx.io),
});
