// The container commands (run, create, ps, ...), registered in ../index.ts as one list.
import type { Command } from '../../command';
import attach from './attach';
import create from './create';
import exec from './exec';
import cp from './cp';
import diff from './diff';
import prune from './prune';
import inspect from './inspect';
import inspectAny from './inspect-any';
import kill from './kill';
import logs from './logs';
import pause from './pause';
import port from './port';
import ps from './ps';
import rename from './rename';
import restart from './restart';
import rm from './rm';
import run from './run';
import start from './start';
import stop from './stop';
import unpause from './unpause';
import wait from './wait';
import top from './top';
import stats from './stats';
import update from './update';

export const containerCommands: readonly Command[] = [
  run, create, exec, attach, ps, logs, start, stop, restart, kill, rm, pause, unpause, wait, rename, inspect, inspectAny, port,
  top, stats, update,
  cp, diff, prune,
];
