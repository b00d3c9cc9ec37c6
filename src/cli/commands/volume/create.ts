import { defineCommand } from '../../command';
import { volume } from '../groups';

export default defineCommand({
  name: 'create', group: volume,
  summary: 'Create a volume',
  usage: '[OPTIONS] [VOLUME]',
  examples: '  nerdts volume create data\n  nerdts volume create --label team=web cache',
  flags: {
    label: { type: 'string[]', description: 'Set metadata for a volume' },
    driver: { type: 'string', short: 'd', default: 'local', complete: ['local'], description: 'Specify volume driver name' },
    opt: { type: 'string[]', short: 'o', description: 'Set driver specific options' },
  },
  args: { max: 1 },
  run: (ctx) => ctx.loadChunk('volume').volumeCreate(ctx.globals, {
    ...(ctx.args[0] !== undefined && { name: ctx.args[0] }), labels: ctx.flags.label, driver: ctx.flags.driver, opts: ctx.flags.opt,
  }, ctx.io),
});
