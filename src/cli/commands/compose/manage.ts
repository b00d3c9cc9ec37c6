// compose start/stop/restart/kill/rm/pause/unpause: one definition each over the chunk's manage().
import { defineCommand } from '../../command';
import type { Command } from '../../command';
import { compose } from '../groups';
import { composeProject } from './project-flags';

const start = defineCommand({
  name: 'start', group: compose, summary: 'Start services', usage: '[SERVICE...]', flags: {}, args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').manage(ctx.globals, 'start', { project: composeProject(ctx.groupFlags), services: ctx.args }, ctx.io),
});

const timeout = { type: 'number', short: 't', description: 'Specify a shutdown timeout in seconds' } as const;

const stop = defineCommand({
  name: 'stop', group: compose, summary: 'Stop services', usage: '[OPTIONS] [SERVICE...]', flags: { timeout }, args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').manage(ctx.globals, 'stop', {
    project: composeProject(ctx.groupFlags), services: ctx.args, ...(ctx.flags.timeout !== undefined && { timeout: ctx.flags.timeout }),
  }, ctx.io),
});

const restart = defineCommand({
  name: 'restart', group: compose, summary: 'Restart service containers', usage: '[OPTIONS] [SERVICE...]', flags: { timeout }, args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').manage(ctx.globals, 'restart', {
    project: composeProject(ctx.groupFlags), services: ctx.args, ...(ctx.flags.timeout !== undefined && { timeout: ctx.flags.timeout }),
  }, ctx.io),
});

const kill = defineCommand({
  name: 'kill', group: compose, summary: 'Force stop service containers', usage: '[OPTIONS] [SERVICE...]',
  flags: { signal: { type: 'string', short: 's', default: 'SIGKILL', complete: 'signals', description: 'SIGNAL to send to the container' } },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').manage(ctx.globals, 'kill', { project: composeProject(ctx.groupFlags), services: ctx.args, signal: ctx.flags.signal }, ctx.io),
});

const rm = defineCommand({
  name: 'rm', group: compose, summary: 'Removes stopped service containers', usage: '[OPTIONS] [SERVICE...]',
  flags: {
    force: { type: 'boolean', short: 'f', description: "Don't ask to confirm removal" },
    stop: { type: 'boolean', short: 's', description: 'Stop the containers, if required, before removing' },
    volumes: { type: 'boolean', short: 'v', description: 'Remove any anonymous volumes attached to containers' },
  },
  args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').manage(ctx.globals, 'rm', {
    project: composeProject(ctx.groupFlags), services: ctx.args, force: ctx.flags.force, stop: ctx.flags.stop, volumes: ctx.flags.volumes,
  }, ctx.io),
});

const pause = defineCommand({
  name: 'pause', group: compose, summary: 'Pause services', usage: '[SERVICE...]', flags: {}, args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').manage(ctx.globals, 'pause', { project: composeProject(ctx.groupFlags), services: ctx.args }, ctx.io),
});

const unpause = defineCommand({
  name: 'unpause', group: compose, summary: 'Unpause services', usage: '[SERVICE...]', flags: {}, args: { complete: 'services' },
  run: (ctx) => ctx.loadChunk('compose-runtime').manage(ctx.globals, 'unpause', { project: composeProject(ctx.groupFlags), services: ctx.args }, ctx.io),
});

/** The per-container verbs, in help order. */
export const manageCommands: readonly Command[] = [start, stop, restart, kill, rm, pause, unpause];
