import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export default defineCommand({
  name: 'build', group: compose,
  summary: 'Build or rebuild services',
  usage: '[OPTIONS] [SERVICE...]',
  examples: '  nerdts compose build\n  nerdts compose build --no-cache web',
  flags: {
    'no-cache': { type: 'boolean', description: 'Do not use cache when building the image' },
    pull: { type: 'boolean', description: 'Always attempt to pull a newer version of the image' },
    quiet: { type: 'boolean', short: 'q', description: "Don't print anything to STDOUT" },
    'build-arg': { type: 'string[]', valueName: 'KEY=VALUE', description: 'Set build-time variables for services' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').build(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, noCache: ctx.flags.noCache, pull: ctx.flags.pull,
    quiet: ctx.flags.quiet, buildArgs: ctx.flags.buildArg ?? [], env: ctx.env, builder: () => ctx.loadChunk('build'),
  }, ctx.io),
});
