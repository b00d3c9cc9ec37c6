// compose exec and compose run: a command in a service's running container, or in a new one-off.
import { defineCommand } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

// docker compose allocates a terminal when ours is one, unless -T.
const wantsTty = (noTty: boolean, stdoutTty: boolean): boolean => !noTty && stdoutTty && Boolean(process.stdin.isTTY);

const env = { type: 'string[]', short: 'e', description: 'Set environment variables' } as const;
const workdir = { type: 'string', short: 'w', description: 'Path to workdir directory for this command' } as const;
const user = { type: 'string', short: 'u', description: 'Run the command as this user' } as const;
const noTty = { type: 'boolean', short: 'T', description: 'Disable pseudo-TTY allocation. By default a TTY is allocated when stdin is one' } as const;

export const exec = defineCommand({
  name: 'exec', group: compose,
  summary: 'Execute a command in a running container',
  usage: '[OPTIONS] SERVICE COMMAND [ARGS...]',
  examples: '  nerdts compose exec web ls /\n  nerdts compose exec -T db sh -c "echo hi"',
  flags: {
    detach: { type: 'boolean', short: 'd', description: 'Detached mode: Run command in the background' },
    env, workdir, user, 'no-TTY': noTty,
    privileged: { type: 'boolean', description: 'Give extended privileges to the process' },
    index: { type: 'number', description: 'Index of the container if service has multiple replicas' },
  },
  args: { min: 2, complete: 'services' },
  stopAtFirstPositional: true,
  run: (ctx) => ctx.loadChunk('compose-runtime').composeExec(ctx.globals, {
    project: composeProject(ctx.groupFlags), service: ctx.args[0]!, command: ctx.args.slice(1),
    tty: wantsTty(ctx.flags.noTTY, ctx.io.isTTY), detach: ctx.flags.detach, env: ctx.flags.env ?? [], privileged: ctx.flags.privileged,
    ...(ctx.flags.workdir !== undefined && { workdir: ctx.flags.workdir }), ...(ctx.flags.user !== undefined && { user: ctx.flags.user }),
    ...(ctx.flags.index !== undefined && { index: ctx.flags.index }),
  }, ctx.io),
});

export const run = defineCommand({
  name: 'run', group: compose,
  summary: 'Run a one-off command on a service',
  usage: '[OPTIONS] SERVICE [COMMAND] [ARGS...]',
  examples: '  nerdts compose run --rm web sh -c "echo hi"',
  flags: {
    rm: { type: 'boolean', description: 'Automatically remove the container when it exits' },
    detach: { type: 'boolean', short: 'd', description: 'Run container in background and print container ID' },
    name: { type: 'string', description: 'Assign a name to the container' },
    entrypoint: { type: 'string', description: 'Override the entrypoint of the image' },
    env, workdir, user, 'no-TTY': noTty,
    'no-deps': { type: 'boolean', description: "Don't start linked services" },
    'service-ports': { type: 'boolean', description: "Run command with the service's ports enabled and mapped to the host" },
    publish: { type: 'string[]', short: 'p', description: "Publish a container's port(s) to the host" },
    volume: { type: 'string[]', short: 'v', description: 'Bind mount a volume' },
    label: { type: 'string[]', short: 'l', description: 'Add or override a label' },
  },
  args: { min: 1, complete: 'services' },
  stopAtFirstPositional: true,
  run: (ctx) => ctx.loadChunk('compose-runtime').composeRun(ctx.globals, {
    project: composeProject(ctx.groupFlags), service: ctx.args[0]!, command: ctx.args.slice(1), rm: ctx.flags.rm,
    env: ctx.flags.env ?? [], noDeps: ctx.flags.noDeps, tty: wantsTty(ctx.flags.noTTY, ctx.io.isTTY), detach: ctx.flags.detach,
    servicePorts: ctx.flags.servicePorts, publish: ctx.flags.publish ?? [], volumes: ctx.flags.volume ?? [], labels: ctx.flags.label ?? [],
    ...(ctx.flags.name !== undefined && { name: ctx.flags.name }), ...(ctx.flags.entrypoint !== undefined && { entrypoint: ctx.flags.entrypoint }),
    ...(ctx.flags.workdir !== undefined && { workdir: ctx.flags.workdir }), ...(ctx.flags.user !== undefined && { user: ctx.flags.user }),
  }, ctx.io),
});
