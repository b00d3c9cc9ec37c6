// A docker-like command table for parser, help and completion tests. Every run() records its
// context so tests can check what a command receives.
import { defineCommand, defineGroup, type CommandContext } from '../../../src/cli/command';
import { compose } from '../../../src/cli/commands/groups';
import { buildRegistry } from '../../../src/cli/registry';

export const ran: CommandContext[] = [];
const record = (ctx: CommandContext): void => { ran.push(ctx); };

const image = defineGroup({ name: 'image', summary: 'Manage images' });
const container = defineGroup({ name: 'container', summary: 'Manage containers' });
const namespace = defineGroup({ name: 'namespace', aliases: ['ns'], summary: 'Manage containerd namespaces' });

export const imageLs = defineCommand({
  name: 'ls', group: image, aliases: ['list'], shortcuts: ['images'], common: 7,
  summary: 'List images', usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Show all images (default hides intermediate images)' },
    digests: { type: 'boolean', description: 'Show digests' },
    filter: { type: 'string[]', short: 'f', valueName: 'filter', description: 'Filter output based on conditions provided' },
    format: { type: 'string', complete: ['json', 'table'], description: 'Format output using a custom template' },
    'no-trunc': { type: 'boolean', description: "Don't truncate output" },
    quiet: { type: 'boolean', short: 'q', description: 'Only show image IDs' },
  },
  args: { max: 1, complete: 'images' },
  run: record,
});

const imageRm = defineCommand({
  name: 'rm', group: image, aliases: ['remove'], shortcuts: ['rmi'], summary: 'Remove one or more images',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  flags: { force: { type: 'boolean', short: 'f', description: 'Force removal of the image' } },
  args: { min: 1, complete: 'images' },
  run: record,
});

const imagePull = defineCommand({
  name: 'pull', group: image, shortcuts: ['pull'], common: 5, summary: 'Download an image from a registry',
  usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
  flags: {
    platform: { type: 'string[]', complete: 'platforms', description: 'Pull content for a specific platform' },
    quiet: { type: 'boolean', short: 'q', description: 'Suppress verbose output' },
  },
  args: { min: 1, max: 1 },
  run: record,
});

const imageTag = defineCommand({
  name: 'tag', group: image, shortcuts: ['tag'], summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  args: { min: 2, max: 2, complete: 'images' },
  run: record,
});

export const containerLs = defineCommand({
  name: 'ls', group: container, aliases: ['list', 'ps'], shortcuts: ['ps'], common: 3, summary: 'List containers',
  flags: {
    all: { type: 'boolean', short: 'a', description: 'Show all containers (default shows just running)' },
    last: { type: 'number', short: 'n', default: -1, description: 'Show n last created containers (includes all states)' },
    quiet: { type: 'boolean', short: 'q', description: 'Only display container IDs' },
    format: { type: 'string', description: 'Format output' },
  },
  run: record,
});

export const containerRun = defineCommand({
  name: 'run', group: container, shortcuts: ['run'], common: 1, stopAtFirstPositional: true,
  summary: 'Create and run a new container from an image', usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: {
    detach: { type: 'boolean', short: 'd', description: 'Run container in background and print container ID' },
    interactive: { type: 'boolean', short: 'i', description: 'Keep STDIN open even if not attached' },
    tty: { type: 'boolean', short: 't', description: 'Allocate a pseudo-TTY' },
    publish: { type: 'string[]', short: 'p', description: "Publish a container's port(s) to the host" },
    env: { type: 'string[]', short: 'e', description: 'Set environment variables' },
    name: { type: 'string', description: 'Assign a name to the container' },
    rm: { type: 'boolean', description: 'Automatically remove the container when it exits' },
    hostname: { type: 'string', short: 'h', description: 'Container host name' },
    cpus: { type: 'number', valueName: 'decimal', description: 'Number of CPUs' },
    restart: { type: 'string', choices: ['no', 'always', 'on-failure', 'unless-stopped'], default: 'no', description: 'Restart policy' },
    pull: { type: 'string', choices: ['always', 'missing', 'never'], env: 'FIXTURE_PULL', default: 'missing', description: 'Pull image before running' },
    'stop-timeout': { type: 'number', description: 'Timeout (in seconds) to stop a container' },
    'health-interval': { type: 'duration', default: 30_000, description: 'Time between running the check' },
    'sig-proxy': { type: 'boolean', default: true, description: 'Proxy received signals to the process' },
    secret: { type: 'string', hidden: true, description: 'hidden' },
  },
  args: { min: 1, complete: 'images' },
  run: record,
});

const nsLs = defineCommand({ name: 'ls', group: namespace, aliases: ['list'], summary: 'List containerd namespaces', run: record });

const composeUp = defineCommand({
  name: 'up', group: compose, summary: 'Create and start containers',
  flags: { detach: { type: 'boolean', short: 'd', description: 'Detached mode' } },
  args: { complete: 'services' },
  run: record,
});

const version = defineCommand({
  name: 'version', summary: 'Show the nerdts version information', common: 11,
  flags: { format: { type: 'string', short: 'f', description: 'Format' } },
  run: record,
});

const cp = defineCommand({
  name: 'cp', summary: 'Copy files', usage: 'CONTAINER:SRC_PATH DEST_PATH',
  args: { min: 2, max: 2, completePositions: ['containers', 'files'] },
  run: record,
});

const secretCmd = defineCommand({ name: 'secret-thing', hidden: true, summary: 'hidden', run: record });

export const fixtureCommands = [imageLs, imageRm, imagePull, imageTag, containerLs, containerRun, nsLs, composeUp, version, cp, secretCmd];
export const registry = buildRegistry(fixtureCommands);
