// compose port, top, images, pull and wait: per-service views and waits over the compose chunk.
import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export const port = defineCommand({
  name: 'port', group: compose,
  summary: 'Print the public port for a port binding',
  usage: '[OPTIONS] SERVICE PRIVATE_PORT',
  flags: {
    protocol: { type: 'string', complete: ['tcp', 'udp'], description: 'tcp or udp' },
    index: { type: 'number', description: 'Index of the container if service has multiple replicas' },
  },
  args: { min: 2, max: 2, complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').composePort(ctx.globals, {
    project: composeProject(ctx.groupFlags), service: ctx.args[0]!, privatePort: ctx.args[1]!,
    ...(ctx.flags.protocol !== undefined && { protocol: ctx.flags.protocol }), ...(ctx.flags.index !== undefined && { index: ctx.flags.index }),
  }, ctx.io),
});

export const top = defineCommand({
  name: 'top', group: compose, summary: 'Display the running processes', usage: '[SERVICES...]', flags: {}, args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').composeTop(ctx.globals, { project: composeProject(ctx.groupFlags), services: ctx.args }, ctx.io),
});

export const images = defineCommand({
  name: 'images', group: compose,
  summary: 'List images used by the created containers',
  usage: '[OPTIONS] [SERVICE...]',
  flags: {
    quiet: { type: 'boolean', short: 'q', description: 'Only display IDs' },
    format: { type: 'string', complete: ['table', 'json'], description: 'Format the output. Values: [table | json]' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').composeImages(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, quiet: ctx.flags.quiet,
    ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
  }, ctx.io),
});

export const pull = defineCommand({
  name: 'pull', group: compose,
  summary: 'Pull service images',
  usage: '[OPTIONS] [SERVICE...]',
  flags: {
    quiet: { type: 'boolean', short: 'q', description: 'Pull without printing progress information' },
    'ignore-pull-failures': { type: 'boolean', description: 'Pull what it can and ignores images with pull failures' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').composePull(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args, quiet: ctx.flags.quiet, ignorePullFailures: ctx.flags.ignorePullFailures,
  }, ctx.io),
});

export const wait = defineCommand({
  name: 'wait', group: compose, summary: 'Block until containers of all (or specified) services stop.', usage: 'SERVICE [SERVICE...]',
  flags: {}, args: { min: 1, complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').composeWait(ctx.globals, { project: composeProject(ctx.groupFlags), services: ctx.args }, ctx.io),
});
