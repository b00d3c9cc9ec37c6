// One plugin invocation per the CNI spec: CNI_* environment, the request config on stdin, a
// Success or Error result on stdout. Process execution sits behind PluginExec so tests fake it.
import { CniError, CNI_CODES, messageOf, oneLine } from './errors';
import type { CniArgs, CniCommand } from './types';

/** Runs plugin executables. The default (node-exec.ts) uses child_process. */
export interface PluginExec {
  /** Runs the plugin; resolves its stdout on exit 0, else rejects with a PluginExitError. */
  exec(pluginPath: string, env: Record<string, string>, stdin: string): Promise<string>;
  /** The executable for a plugin type in the first directory holding it, or a 'plugin-not-found' CniError. */
  find(type: string, cniPath: readonly string[]): Promise<string>;
}

/** A plugin process that exited non-zero (or could not run); stdout may hold a CNI Error. */
export class PluginExitError extends Error {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  constructor(exitCode: number | null, stdout: string, stderr: string, message?: string) {
    super(message ?? `plugin exited with status ${exitCode}`);
    this.name = 'PluginExitError';
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

/** What one invocation needs beyond the config: the attachment parameters as env values. */
export interface InvocationParams {
  command: CniCommand;
  containerId?: string;
  netns?: string;
  ifname?: string;
  args?: CniArgs;
  cniPath: readonly string[];
  /** Inherited environment (PATH matters: plugins run iptables). */
  baseEnv: Record<string, string | undefined>;
}

/** The plugin's environment: the base environment with the CNI_* variables set last. */
export function pluginEnv(p: InvocationParams): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.baseEnv)) if (v !== undefined && !k.startsWith('CNI_')) env[k] = v;
  env.CNI_COMMAND = p.command;
  env.CNI_CONTAINERID = p.containerId ?? '';
  env.CNI_NETNS = p.netns ?? '';
  env.CNI_ARGS = formatCniArgs(p.args ?? []);
  env.CNI_IFNAME = p.ifname ?? '';
  env.CNI_PATH = p.cniPath.join(':');
  return env;
}

/** CNI_ARGS text: `K1=V1;K2=V2`. */
export function formatCniArgs(args: CniArgs): string {
  return args.map(([k, v]) => `${k}=${v}`).join(';');
}

export interface PluginCall {
  exec: PluginExec;
  pluginPath: string;
  pluginType: string;
  network: string;
  params: InvocationParams;
  stdin: string;
}

/** Runs one plugin and returns its parsed stdout (undefined when it printed nothing). */
export async function invokePlugin(call: PluginCall): Promise<Record<string, unknown> | undefined> {
  let stdout: string;
  try {
    stdout = await call.exec.exec(call.pluginPath, pluginEnv(call.params), call.stdin);
  } catch (err) {
    throw pluginFailure(call, err);
  }
  if (stdout.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CniError('plugin-failed', `${describe(call)}: cannot decode its output ${JSON.stringify(clip(stdout))}`, {
    code: CNI_CODES.decodeFailure, plugin: call.pluginType, network: call.network, command: call.params.command,
  });
}

// Maps a failed run to a CniError, taking code/msg/details from a CNI Error on stdout when present.
function pluginFailure(call: PluginCall, err: unknown): CniError {
  const where = { plugin: call.pluginType, network: call.network, command: call.params.command, cause: err };
  if (err instanceof CniError) return err;
  if (!(err instanceof PluginExitError)) {
    return new CniError('io', `${describe(call)}: ${messageOf(err)}`, where);
  }
  const reported = parseErrorResult(err.stdout);
  if (reported) {
    const detail = reported.details ? `: ${reported.details}` : '';
    return new CniError('plugin-failed', `${describe(call)}: ${reported.msg}${detail}`, { ...where, code: reported.code, details: reported.details });
  }
  const text = err.stderr.trim() || err.stdout.trim();
  const msg = text ? `${err.message}: ${clip(text)}` : `${err.message} with no error message`;
  return new CniError('plugin-failed', `${describe(call)}: ${msg}`, where);
}

/** A CNI Error result `{code, msg, details}` from stdout, if that is what it holds. */
export function parseErrorResult(stdout: string): { code: number; msg: string; details?: string } | undefined {
  try {
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    if (typeof doc !== 'object' || doc === null || typeof doc.code !== 'number') return undefined;
    const msg = typeof doc.msg === 'string' && doc.msg !== '' ? doc.msg : `error code ${doc.code}`;
    const details = typeof doc.details === 'string' && doc.details !== '' ? oneLine(doc.details) : undefined;
    return details === undefined ? { code: doc.code, msg } : { code: doc.code, msg, details };
  } catch {
    return undefined;
  }
}

function describe(call: PluginCall): string {
  return `plugin "${call.pluginType}" failed (${call.params.command.toLowerCase()}) on network "${call.network}"`;
}

function clip(text: string): string {
  const flat = oneLine(text);
  return flat.length > 500 ? `${flat.slice(0, 500)}...` : flat;
}
