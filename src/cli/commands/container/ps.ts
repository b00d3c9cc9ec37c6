import { setFlagsFromString, startupSnapshot } from 'node:v8';
import { defineCommand } from '../../command';
import { container } from '../groups';

export default defineCommand({
  name: 'ls', group: container, aliases: ['list', 'ps'], shortcuts: ['ps'], common: 3,
  summary: 'List containers',
  usage: '[OPTIONS]',
  examples: "  nerdts ps -a\n  nerdts ps --filter status=exited -q\n  nerdts ps --format '{{.Names}} {{.Status}}'",
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Show all containers (default shows just running)' },
    filter: { type: 'string[]', short: 'f', valueName: 'filter', description: 'Filter output based on conditions provided' },
    format: { type: 'string', complete: ['json', 'table'], description: 'Format output using a custom template' },
    last: { type: 'number', short: 'n', default: -1, description: 'Show n last created containers (includes all states)' },
    latest: { type: 'boolean', short: 'l', description: 'Show the latest created container (includes all states)' },
    'no-trunc': { type: 'boolean', description: "Don't truncate output" },
    quiet: { type: 'boolean', short: 'q', description: 'Only display container IDs' },
    size: { type: 'boolean', short: 's', description: 'Display total file sizes' },
  },
  args: { max: 0 },
  run: (ctx) => {
    // One listing ends the process: Sparkplug's and TurboFan's compiles of the decode and row loops
    // cost more than they save (~-8 ms CPU with 30 containers). Not while the start-up snapshot is
    // built (its warm-up runs this command), so the blob keeps the flags it is loaded with.
    if (!startupSnapshot.isBuildingSnapshot()) setFlagsFromString('--no-opt --no-sparkplug');
    return ctx.loadChunk('container-list').ps(ctx.globals, {
      all: ctx.flags.all, last: ctx.flags.last, latest: ctx.flags.latest, noTrunc: ctx.flags.noTrunc, size: ctx.flags.size,
      quiet: ctx.flags.quiet, filters: ctx.flags.filter, ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
    }, ctx.io);
  },
});
