import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

export default defineCommand({
  name: 'config', group: compose, aliases: ['convert'],
  summary: 'Parse, resolve and render compose file in canonical format',
  usage: '[OPTIONS] [SERVICE...]',
  examples: `  nerdts compose config
  nerdts compose -f compose.yaml config --format json
  nerdts compose config --services
  nerdts compose config -q`,
  flags: {
    format: { type: 'string', complete: ['yaml', 'json'], description: 'Format the output. Values: [yaml | json]' },
    'resolve-image-digests': { type: 'boolean', description: 'Pin image tags to digests' },
    quiet: { type: 'boolean', short: 'q', description: "Only validate the configuration, don't print anything" },
    'no-interpolate': { type: 'boolean', description: "Don't interpolate environment variables" },
    'no-normalize': { type: 'boolean', description: "Don't normalize compose model" },
    'no-path-resolution': { type: 'boolean', description: "Don't resolve file paths" },
    'no-consistency': { type: 'boolean', description: "Don't check model consistency - warning: may produce invalid Compose output" },
    'no-env-resolution': { type: 'boolean', description: "Don't resolve service env files" },
    services: { type: 'boolean', description: 'Print the service names, one per line.' },
    volumes: { type: 'boolean', description: 'Print the volume names, one per line.' },
    networks: { type: 'boolean', description: 'Print the network names, one per line.' },
    profiles: { type: 'boolean', description: 'Print the profile names, one per line.' },
    images: { type: 'boolean', description: 'Print the image names, one per line.' },
    hash: { type: 'string', valueName: 'string', description: 'Print the service config hash, one per line.' },
    output: { type: 'string', short: 'o', complete: 'files', description: 'Save to file (default to stdout)' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose').config(ctx.globals, {
    project: composeProject(ctx.groupFlags), services: ctx.args,
    quiet: ctx.flags.quiet, listServices: ctx.flags.services, volumes: ctx.flags.volumes, networks: ctx.flags.networks,
    profiles: ctx.flags.profiles, images: ctx.flags.images, noInterpolate: ctx.flags.noInterpolate,
    noNormalize: ctx.flags.noNormalize, noPathResolution: ctx.flags.noPathResolution, noConsistency: ctx.flags.noConsistency,
    noEnvResolution: ctx.flags.noEnvResolution, resolveImageDigests: ctx.flags.resolveImageDigests,
    ...(ctx.flags.format !== undefined && { format: ctx.flags.format }),
    ...(ctx.flags.hash !== undefined && { hash: ctx.flags.hash }),
    ...(ctx.flags.output !== undefined && { output: ctx.flags.output }),
  }, ctx.io),
});
