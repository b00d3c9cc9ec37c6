// The flags `create` and `run` share, and how they become the create options.
import type { CreateCommandOptions } from '../../../container/chunk';
import type { FlagValues, FlagsSpec } from '../../command';

export const createFlags = {
  name: { type: 'string', description: 'Assign a name to the container' },
  env: { type: 'string[]', short: 'e', description: 'Set environment variables' },
  'env-file': { type: 'string[]', complete: 'files', description: 'Read in a file of environment variables' },
  workdir: { type: 'string', short: 'w', description: 'Working directory inside the container' },
  user: { type: 'string', short: 'u', description: 'Username or UID (format: <name|uid>[:<group|gid>])' },
  entrypoint: { type: 'string', description: 'Overwrite the default ENTRYPOINT of the image' },
  label: { type: 'string[]', short: 'l', description: 'Set meta data on a container' },
  'label-file': { type: 'string[]', complete: 'files', description: 'Read in a line delimited file of labels' },
  hostname: { type: 'string', short: 'h', description: 'Container host name' },
  rm: { type: 'boolean', description: 'Automatically remove the container when it exits' },
  restart: { type: 'string', default: 'no', complete: ['no', 'always', 'on-failure', 'unless-stopped'], description: 'Restart policy to apply when a container exits' },
  'stop-signal': { type: 'string', complete: 'signals', description: 'Signal to stop the container' },
  'stop-timeout': { type: 'number', description: 'Timeout (in seconds) to stop a container' },
  'read-only': { type: 'boolean', description: "Mount the container's root filesystem as read only" },
  tmpfs: { type: 'string[]', description: 'Mount a tmpfs directory' },
  volume: { type: 'string[]', short: 'v', description: 'Bind mount a volume' },
  mount: { type: 'string[]', description: 'Attach a filesystem mount to the container' },
  network: { type: 'string[]', aliases: ['net'], default: ['bridge'], complete: ['none', 'host', 'bridge'], description: 'Connect a container to a network' },
  pull: { type: 'string', choices: ['missing', 'always', 'never'], default: 'missing', description: 'Pull image before running' },
  platform: { type: 'string', complete: 'platforms', description: 'Set platform if server is multi-platform capable' },
  cidfile: { type: 'string', complete: 'files', description: 'Write the container ID to the file' },
  memory: { type: 'string', short: 'm', description: 'Memory limit' },
  cpus: { type: 'string', description: 'Number of CPUs' },
  'pids-limit': { type: 'number', description: 'Tune container pids limit (set -1 for unlimited)' },
  'cap-add': { type: 'string[]', description: 'Add Linux capabilities' },
  'cap-drop': { type: 'string[]', description: 'Drop Linux capabilities' },
  privileged: { type: 'boolean', description: 'Give extended privileges to this container' },
  'security-opt': { type: 'string[]', description: 'Security Options' },
  sysctl: { type: 'string[]', description: 'Sysctl options' },
  ulimit: { type: 'string[]', description: 'Ulimit options' },
  'shm-size': { type: 'string', description: 'Size of /dev/shm' },
  // json-file needs the per-container logger, which this build cannot start yet.
  'log-driver': { type: 'string', default: 'json-file', complete: ['none', 'json-file'], description: 'Logging driver for the container' },
  'log-opt': { type: 'string[]', description: 'Log driver options' },
  quiet: { type: 'boolean', short: 'q', description: 'Suppress the pull output' },
} as const satisfies FlagsSpec;

export type CreateFlagValues = FlagValues<typeof createFlags>;

/** Flag values and the IMAGE [COMMAND] [ARG...] words as create options. */
export function createOptionsFrom(f: CreateFlagValues, args: readonly string[]): CreateCommandOptions {
  const resources = {
    ...(f.memory !== undefined && { memory: f.memory }), ...(f.cpus !== undefined && { cpus: f.cpus }),
    ...(f.pidsLimit !== undefined && { pidsLimit: f.pidsLimit }),
  };
  const lists = {
    env: f.env, envFiles: f.envFile, labels: f.label, labelFiles: f.labelFile, tmpfs: f.tmpfs, volumes: f.volume, mounts: f.mount,
    capAdd: f.capAdd, capDrop: f.capDrop, securityOpt: f.securityOpt, sysctls: f.sysctl, ulimits: f.ulimit, logOpts: f.logOpt,
  };
  return {
    quiet: f.quiet,
    ...(f.cidfile !== undefined && { cidfile: f.cidfile }),
    create: {
      image: args[0]!,
      ...(args.length > 1 && { command: args.slice(1) }),
      ...Object.fromEntries(Object.entries(lists).filter(([, v]) => v.length > 0)),
      networks: f.network, pull: f.pull, restart: f.restart, logDriver: f.logDriver,
      autoRemove: f.rm, readOnly: f.readOnly, privileged: f.privileged,
      ...(Object.keys(resources).length > 0 && { resources }),
      ...(f.name !== undefined && { name: f.name }), ...(f.workdir !== undefined && { workdir: f.workdir }),
      ...(f.user !== undefined && { user: f.user }), ...(f.entrypoint !== undefined && { entrypoint: f.entrypoint }),
      ...(f.hostname !== undefined && { hostname: f.hostname }), ...(f.stopSignal !== undefined && { stopSignal: f.stopSignal }),
      ...(f.stopTimeout !== undefined && { stopTimeout: f.stopTimeout }), ...(f.platform !== undefined && { platform: f.platform }),
      ...(f.shmSize !== undefined && { shmSize: f.shmSize }),
    },
  };
}
