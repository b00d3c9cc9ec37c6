import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'stats', group: container, shortcuts: ['stats'],
  summary: 'Display a live stream of container(s) resource usage statistics',
  usage: '[OPTIONS] [CONTAINER...]',
  examples: '  nerdts stats --no-stream\n  nerdts stats --format "{{.Name}} {{.CPUPerc}}" web',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Show all containers (default shows just running)' },
    format: { type: 'string', complete: ['json', 'table'], description: 'Format output using a custom template' },
    'no-stream': { type: 'boolean', description: 'Disable streaming stats and only pull the first result' },
    'no-trunc': { type: 'boolean', description: "Don't truncate output" },
  },
  args: { complete: 'running-containers' },
  run: (ctx) => ctx.loadChunk('container').stats(ctx.globals, {
    containers: ctx.args, all: ctx.flags.all, noStream: ctx.flags.noStream, noTrunc: ctx.flags.noTrunc,
    ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});
