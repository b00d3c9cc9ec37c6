import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export default defineCommand({
  name: 'events', group: compose,
  summary: 'Receive real time events from containers',
  usage: '[OPTIONS] [SERVICE...]',
  flags: {
    json: { type: 'boolean', description: 'Output events as a stream of json objects' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').events(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, json: ctx.flags.json,
  }, ctx.io),
});
