// The meaning of each raw instruction: flags checked, JSON or shell form decided, key=value lists
// split. Words stay unexpanded: variables belong to the stage that runs the instruction.
import { dockerfileError, parseDockerfile } from './parse';
import type { Heredoc, ParsedDockerfile, RawInstruction } from './parse';
import { splitRawWords } from './words';

/** An exec-form (JSON) argument vector or a shell-form command line. */
export type CommandForm = { json: string[] } | { shell: string };

interface Base { raw: RawInstruction }
export interface FromInstr extends Base { kind: 'FROM'; image: string; alias?: string; platform?: string }
export interface RunInstr extends Base { kind: 'RUN'; command: CommandForm; network?: string; mounts: string[]; heredocs: Heredoc[] }
export interface CopyInstr extends Base {
  kind: 'COPY' | 'ADD'; sources: string[]; dest: string; from?: string; chown?: string; chmod?: string;
  link: boolean; heredocs: Heredoc[];
  /** ADD --checksum (sha256:<hex>), for URL sources */
  checksum?: string;
}
export interface KeyValueInstr extends Base { kind: 'ENV' | 'LABEL'; pairs: Array<[string, string]> }
export interface ArgInstr extends Base { kind: 'ARG'; args: Array<{ name: string; value?: string }> }
export interface TextInstr extends Base { kind: 'WORKDIR' | 'USER' | 'STOPSIGNAL' | 'MAINTAINER' | 'ONBUILD'; text: string }
export interface ListInstr extends Base { kind: 'EXPOSE' | 'VOLUME'; text: string; json?: string[] }
export interface CommandInstr extends Base { kind: 'CMD' | 'ENTRYPOINT'; command: CommandForm }
export interface ShellInstr extends Base { kind: 'SHELL'; shell: string[] }
export interface HealthcheckInstr extends Base {
  kind: 'HEALTHCHECK';
  /** undefined for HEALTHCHECK NONE */
  command?: CommandForm;
  interval?: string; timeout?: string; startPeriod?: string; startInterval?: string; retries?: number;
}

export type Instruction = FromInstr | RunInstr | CopyInstr | KeyValueInstr | ArgInstr | TextInstr | ListInstr |
  CommandInstr | ShellInstr | HealthcheckInstr;

export interface Dockerfile { escape: '\\' | '`'; syntax?: string; instructions: Instruction[] }

const FLAGS: Record<string, readonly string[]> = {
  FROM: ['platform'], RUN: ['network', 'mount', 'security'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'], ADD: ['chown', 'chmod', 'link', 'checksum', 'keep-git-dir'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};

/** The flags as name -> values; throws for flags the instruction does not take. */
function readFlags(raw: RawInstruction): Map<string, string[]> {
  const allowed = FLAGS[raw.keyword] ?? [];
  const out = new Map<string, string[]>();
  for (const f of raw.flags) {
    const eq = f.indexOf('=');
    const name = f.slice(2, eq < 0 ? undefined : eq);
    let value = eq < 0 ? 'true' : f.slice(eq + 1);
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    if (!allowed.includes(name)) throw dockerfileError(`unknown flag: --${name}`, raw.line, undefined, `${raw.keyword} takes ${allowed.length ? allowed.map((a) => `--${a}`).join(', ') : 'no flags'}`);
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/** JSON form when the text is a JSON array of strings, shell form otherwise (as docker decides). */
export function commandForm(text: string): CommandForm {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { json: v as string[] };
    } catch { /* shell form */ }
  }
  return { shell: text };
}

function keyValues(raw: RawInstruction, escape: string): Array<[string, string]> {
  const words = splitRawWords(raw.args, escape);
  if (words.length === 0) throw dockerfileError(`${raw.keyword} requires at least one argument`, raw.line);
  if (!words[0]!.includes('=')) {
    // legacy `ENV key value with spaces`
    const m = /^(\S+)\s+([\s\S]*)$/.exec(raw.args.trim());
    if (!m) throw dockerfileError(`${raw.keyword} must have two arguments`, raw.line);
    return [[m[1]!, m[2]!]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) throw dockerfileError(`Syntax error - can't find = in "${w}". Must be of the form: name=value`, raw.line);
    if (eq === 0) throw dockerfileError(`${raw.keyword} names can not be blank`, raw.line);
    return [w.slice(0, eq), w.slice(eq + 1)] as [string, string];
  });
}

function requireArgs(raw: RawInstruction, min = 1): void {
  if (raw.args.trim().split(/\s+/).filter(Boolean).length < min) {
    throw dockerfileError(`${raw.keyword} requires ${min === 1 ? 'at least one argument' : `at least ${min} arguments`}`, raw.line);
  }
}

function fromInstr(raw: RawInstruction, flags: Map<string, string[]>): FromInstr {
  const words = raw.args.trim().split(/\s+/).filter(Boolean);
  if (words.length !== 1 && !(words.length === 3 && words[1]!.toUpperCase() === 'AS')) {
    throw dockerfileError('FROM requires either one or three arguments', raw.line);
  }
  const alias = words[2]?.toLowerCase();
  if (alias !== undefined && !/^[a-z][a-z0-9-_.]*$/.test(alias)) throw dockerfileError(`invalid name for build stage: "${words[2]}", name can't start with a number or contain symbols`, raw.line);
  const platform = flags.get('platform')?.[0];
  return { kind: 'FROM', raw, image: words[0]!, ...(alias && { alias }), ...(platform && { platform }) };
}

function copyInstr(raw: RawInstruction, flags: Map<string, string[]>, escape: string): CopyInstr {
  const form = commandForm(raw.args);
  const words = 'json' in form ? form.json : splitRawWords(raw.args, escape);
  if (words.length < 2) throw dockerfileError(`${raw.keyword} requires at least two arguments, but only one was provided. Destination could not be determined`, raw.line);
  const one = (n: string): string | undefined => flags.get(n)?.[0];
  const from = one('from');
  const chown = one('chown');
  const chmod = one('chmod');
  const checksum = one('checksum');
  return {
    kind: raw.keyword as 'COPY' | 'ADD', raw, sources: words.slice(0, -1), dest: words[words.length - 1]!,
    ...(from !== undefined && { from }), ...(chown !== undefined && { chown }), ...(chmod !== undefined && { chmod }),
    link: one('link') !== undefined && one('link') !== 'false', heredocs: raw.heredocs, ...(checksum !== undefined && { checksum }),
  };
}

function healthcheck(raw: RawInstruction, flags: Map<string, string[]>): HealthcheckInstr {
  const t = raw.args.trim();
  if (/^none$/i.test(t)) {
    if (flags.size) throw dockerfileError('HEALTHCHECK NONE takes no other arguments', raw.line);
    return { kind: 'HEALTHCHECK', raw };
  }
  const m = /^cmd(?:\s+([\s\S]*))?$/i.exec(t);
  if (!m || !m[1]) throw dockerfileError('HEALTHCHECK requires NONE or CMD followed by a command', raw.line);
  const one = (n: string): string | undefined => flags.get(n)?.[0];
  const retries = one('retries');
  if (retries !== undefined && !(Number.isInteger(Number(retries)) && Number(retries) >= 0)) throw dockerfileError(`invalid --retries value: ${retries}`, raw.line);
  const opt = (k: string, v: string | undefined): Partial<HealthcheckInstr> => (v === undefined ? {} : { [k]: v });
  return {
    kind: 'HEALTHCHECK', raw, command: commandForm(m[1]),
    ...opt('interval', one('interval')), ...opt('timeout', one('timeout')),
    ...opt('startPeriod', one('start-period')), ...opt('startInterval', one('start-interval')),
    ...(retries !== undefined && { retries: Number(retries) }),
  };
}

function argInstr(raw: RawInstruction, escape: string): ArgInstr {
  const words = splitRawWords(raw.args, escape);
  if (!words.length) throw dockerfileError('ARG requires at least one argument', raw.line);
  return {
    kind: 'ARG', raw, args: words.map((w) => {
      const eq = w.indexOf('=');
      if (eq === 0) throw dockerfileError('ARG names can not be blank', raw.line);
      return eq < 0 ? { name: w } : { name: w.slice(0, eq), value: w.slice(eq + 1) };
    }),
  };
}

/** Gives one raw instruction its meaning; throws with the line for bad input. */
export function toInstruction(raw: RawInstruction, escape: '\\' | '`'): Instruction {
  const flags = readFlags(raw);
  const k = raw.keyword;
  switch (k) {
    case 'FROM': return fromInstr(raw, flags);
    case 'RUN': {
      requireArgs(raw);
      const network = flags.get('network')?.[0];
      return { kind: 'RUN', raw, command: commandForm(raw.args), mounts: flags.get('mount') ?? [], heredocs: raw.heredocs, ...(network && { network }) };
    }
    case 'COPY': case 'ADD': return copyInstr(raw, flags, escape);
    case 'ENV': case 'LABEL': return { kind: k, raw, pairs: keyValues(raw, escape) };
    case 'ARG': return argInstr(raw, escape);
    case 'WORKDIR': case 'USER': case 'STOPSIGNAL': case 'MAINTAINER': case 'ONBUILD':
      requireArgs(raw);
      return { kind: k, raw, text: raw.args.trim() };
    case 'EXPOSE': case 'VOLUME': {
      requireArgs(raw);
      const form = k === 'VOLUME' ? commandForm(raw.args) : { shell: raw.args };
      return { kind: k, raw, text: raw.args.trim(), ...('json' in form && { json: form.json }) };
    }
    case 'CMD': case 'ENTRYPOINT': return { kind: k, raw, command: commandForm(raw.args) };
    case 'SHELL': {
      const form = commandForm(raw.args);
      if (!('json' in form) || form.json.length === 0) throw dockerfileError('SHELL requires the arguments to be in JSON form', raw.line);
      return { kind: 'SHELL', raw, shell: form.json };
    }
    case 'HEALTHCHECK': return healthcheck(raw, flags);
    default:
      throw dockerfileError(`unknown instruction: ${k}`, raw.line, 1);
  }
}

/** Parses a whole Dockerfile into typed instructions. */
export function readDockerfile(text: string): Dockerfile {
  const parsed: ParsedDockerfile = parseDockerfile(text);
  const instructions = parsed.instructions.map((r) => toInstruction(r, parsed.escape));
  if (!instructions.some((i) => i.kind === 'FROM')) {
    throw dockerfileError('no build stage in current context', instructions[0]?.raw.line ?? 1, undefined, 'a Dockerfile must start with FROM (after ARG lines)');
  }
  const first = instructions.findIndex((i) => i.kind !== 'ARG');
  if (first >= 0 && instructions[first]!.kind !== 'FROM') {
    throw dockerfileError(`${instructions[first]!.kind} must come after FROM`, instructions[first]!.raw.line, undefined, 'only ARG may come before the first FROM');
  }
  return { escape: parsed.escape, ...(parsed.syntax !== undefined && { syntax: parsed.syntax }), instructions };
}
