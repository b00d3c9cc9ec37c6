import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'logs', group: container, shortcuts: ['logs'], common: 6,
  summary: 'Fetch the logs of a container',
  usage: '[OPTIONS] CONTAINER',
  examples: '  nerdts logs -f web\n  nerdts logs --since 10m --tail 20 -t web',
  flags: {
    follow: { type: 'boolean', short: 'f', description: 'Follow log output' },
    since: { type: 'string', description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    until: { type: 'string', description: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    tail: { type: 'string', short: 'n', default: 'all', description: 'Number of lines to show from the end of the logs' },
    timestamps: { type: 'boolean', short: 't', description: 'Show timestamps' },
  },
  args: { min: 1, max: 1, complete: 'containers' },
  run: (ctx) => ctx.loadChunk('container').logs(ctx.globals, {
    container: ctx.args[0]!, follow: ctx.flags.follow, tail: ctx.flags.tail, timestamps: ctx.flags.timestamps,
    ...(ctx.flags.since !== undefined && { since: ctx.flags.since }), ...(ctx.flags.until !== undefined && { until: ctx.flags.until }),
  }, ctx.io),
});
