// Instructions that only change the image config (ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, CMD,
// ENTRYPOINT, HEALTHCHECK, SHELL, STOPSIGNAL, ONBUILD, MAINTAINER): pure functions of the config.
import { posix } from 'node:path';
import { NerdtsError } from '../errors';
import type { ImageRuntimeConfig } from '../inspect/image';
import { parseDuration } from '../units';
import type { CommandForm, HealthcheckInstr, Instruction } from './dockerfile/instructions';
import { expandVariables, processWord, processWords } from './dockerfile/words';
import type { VarLookup } from './dockerfile/words';

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

/** The config a stage has built so far plus what is not part of the config. */
export interface StageConfig {
  config: ImageRuntimeConfig;
  author?: string;
  /** CMD was set in this stage (then ENTRYPOINT keeps it) */
  cmdSet?: boolean;
}

/** An env list as a lookup (last one wins, as the process would see it). */
export function envLookup(env: readonly string[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env ?? []) {
    const eq = e.indexOf('=');
    m.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
  }
  return m;
}

function setEnv(env: readonly string[] | undefined, key: string, value: string): string[] {
  const out = [...(env ?? [])];
  const i = out.findIndex((e) => e.split('=')[0] === key);
  if (i >= 0) out[i] = `${key}=${value}`; else out.push(`${key}=${value}`);
  return out;
}

/** argv of a CMD/ENTRYPOINT/RUN: exec form as is, shell form through the stage's shell. */
export function argv(form: CommandForm, shell: readonly string[]): string[] {
  return 'json' in form ? form.json : [...shell, form.shell];
}

const nanos = (text: string | undefined, what: string): number | undefined => {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new NerdtsError('invalid-argument', `HEALTHCHECK: invalid ${what} duration "${text}"`);
  return ms * 1e6;
};

function healthcheck(i: HealthcheckInstr): ImageRuntimeConfig['Healthcheck'] {
  if (!i.command) return { Test: ['NONE'] };
  const test = 'json' in i.command ? ['CMD', ...i.command.json] : ['CMD-SHELL', i.command.shell];
  const hc: Record<string, unknown> = { Test: test };
  const set = (k: string, v: number | undefined): void => { if (v !== undefined) hc[k] = v; };
  set('Interval', nanos(i.interval, 'interval'));
  set('Timeout', nanos(i.timeout, 'timeout'));
  set('StartPeriod', nanos(i.startPeriod, 'start-period'));
  set('StartInterval', nanos(i.startInterval, 'start-interval'));
  set('Retries', i.retries);
  return hc as ImageRuntimeConfig['Healthcheck'];
}

/** Applies one config-only instruction; `vars` sees ENV over ARG, as docker. */
export function applyConfigInstruction(s: StageConfig, i: Instruction, vars: VarLookup, escape: string): StageConfig {
  const c: ImageRuntimeConfig = { ...s.config };
  const word = (t: string): string => processWord(t, vars, escape);
  const shell = c.Shell ?? DEFAULT_SHELL;
  switch (i.kind) {
    case 'ENV': {
      let env = c.Env;
      for (const [k, v] of i.pairs) env = setEnv(env, word(k), word(v));
      c.Env = env ?? [];
      break;
    }
    case 'LABEL': {
      const labels = { ...(c.Labels ?? {}) };
      for (const [k, v] of i.pairs) labels[word(k)] = word(v);
      c.Labels = labels;
      break;
    }
    case 'WORKDIR': c.WorkingDir = posix.resolve(c.WorkingDir || '/', word(i.text)); break;
    case 'USER': c.User = word(i.text); break;
    case 'STOPSIGNAL': c.StopSignal = word(i.text); break;
    case 'ONBUILD': c.OnBuild = [...(c.OnBuild ?? []), i.text]; break;
    case 'MAINTAINER': return { config: c, author: word(i.text) };
    case 'EXPOSE': {
      const ports = { ...(c.ExposedPorts ?? {}) };
      for (const p of processWords(i.text, vars, escape)) ports[p.includes('/') ? p.toLowerCase() : `${p}/tcp`] = {};
      c.ExposedPorts = ports;
      break;
    }
    case 'VOLUME': {
      const vols = { ...(c.Volumes ?? {}) };
      for (const v of i.json ? i.json.map((x) => expandVariables(x, vars)) : processWords(i.text, vars, escape)) vols[v] = {};
      c.Volumes = vols;
      break;
    }
    case 'CMD': return { ...s, config: { ...c, Cmd: argv(i.command, shell) }, cmdSet: true };
    case 'ENTRYPOINT':
      c.Entrypoint = argv(i.command, shell);
      if (!s.cmdSet) c.Cmd = null; // docker: a new ENTRYPOINT drops the inherited CMD
      break;
    case 'HEALTHCHECK': c.Healthcheck = healthcheck(i); break;
    case 'SHELL': c.Shell = i.shell; break;
    default:
      throw new NerdtsError('internal', `${i.kind} is not a config instruction`);
  }
  return { ...s, config: c };
}
