// --log-driver / --log-opt: the log-config.json the logger reads, and the log URI containerd's
// shim uses to start the logger (`binary://<nerdts>?_NERDCTL_INTERNAL_LOGGING=<dataStore>`), as
// nerdctl writes them (pkg/cmd/container/create.go generateLogConfig).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalidArgument } from '../errors';
import { replaceFile } from '../store/atomic-write';
import { parseSizeFlag } from './spec/flag-values';
import { LABELS } from './labels';

/** argv[1] the shim passes to the logger: nerdctl's magic word, so both tools read each other's URIs. */
export const LOGGING_ARGV1 = '_NERDCTL_INTERNAL_LOGGING';
export const DEFAULT_LOG_DRIVER = 'json-file';

/** log-config.json and the nerdctl/log-config label (Go field names and order). */
export interface LogConfig {
  driver: string;
  opts?: Record<string, string>;
  address: string;
}

export interface Logging {
  /** What the task's stdout/stderr become: a binary:// URI, a user URI, or "none" (no logger). */
  uri: string;
  /** Absent for "none" and for a user-given URI. */
  config?: LogConfig;
}

// Options each built-in driver understands; others pass through to the logger unchecked.
const JSON_FILE_OPTS = new Set(['max-size', 'max-file', 'log-path', 'compress', 'labels', 'labels-regex', 'env', 'env-regex', 'tag']);
const DRIVERS = new Set(['json-file', 'journald', 'syslog', 'fluentd']);

/** The binary:// URI the shim runs the logger from. */
export function loggerUri(launcher: string, dataStore: string): string {
  return `binary://${encodeURI(launcher)}?${new URLSearchParams({ [LOGGING_ARGV1]: dataStore }).toString()}`;
}

function parseLogOpts(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw invalidArgument(`invalid log opt format: ${JSON.stringify(v)}; expected key=value`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

function validateJsonFileOpts(opts: Record<string, string>): void {
  for (const key of Object.keys(opts)) {
    if (!JSON_FILE_OPTS.has(key)) throw invalidArgument(`unknown log opt '${key}' for json-file log driver`);
  }
  if (opts['max-size'] !== undefined) parseSizeFlag(opts['max-size'], '--log-opt max-size');
  const maxFile = opts['max-file'];
  if (maxFile !== undefined && !(/^\d+$/.test(maxFile) && Number(maxFile) >= 1)) {
    throw invalidArgument('max-file cannot be less than 1');
  }
  // nerdctl (and docker) ignore max-file without max-size: nothing would rotate.
  if (opts['max-size'] === undefined) delete opts['max-file'];
}

export interface LoggingInput {
  driver?: string;
  opts?: readonly string[];
  /** containerd address, recorded for the logger (it may need containerd). */
  address: string;
  dataStore: string;
  /** Absolute path of the nerdts launcher. */
  launcher: string;
}

/** Resolves the log driver flags; throws docker/nerdctl errors for bad drivers and options. */
export function resolveLogging(input: LoggingInput): Logging {
  const driver = input.driver || DEFAULT_LOG_DRIVER;
  if (driver === 'none') return { uri: 'none' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(driver)) return { uri: driver };
  if (!DRIVERS.has(driver)) throw invalidArgument(`unknown logging driver "${driver}"`);
  const opts = parseLogOpts(input.opts ?? []);
  if (driver === 'json-file') validateJsonFileOpts(opts);
  const config: LogConfig = { driver, ...(Object.keys(opts).length ? { opts } : {}), address: input.address };
  return { uri: loggerUri(input.launcher, input.dataStore), config };
}

/** The labels recording the logging choice (nerdctl/log-uri, nerdctl/log-config). */
export function loggingLabels(l: Logging): Record<string, string> {
  const config = l.config ?? { driver: '', address: '' };
  return { [LABELS.logUri]: l.uri, [LABELS.logConfig]: JSON.stringify(config) };
}

export const logConfigPath = (stateDir: string): string => join(stateDir, 'log-config.json');
/** Where the json-file logger writes (unless --log-opt log-path says otherwise). */
export const jsonLogPath = (stateDir: string, id: string): string => join(stateDir, `${id}-json.log`);

/** Writes <state-dir>/log-config.json (0600, as nerdctl). */
export function writeLogConfig(stateDir: string, config: LogConfig): void {
  replaceFile(logConfigPath(stateDir), JSON.stringify(config), 0o600);
}

/** Reads <state-dir>/log-config.json; undefined when absent or unreadable. */
export function readLogConfig(stateDir: string): LogConfig | undefined {
  try {
    return JSON.parse(readFileSync(logConfigPath(stateDir), 'utf8')) as LogConfig;
  } catch {
    return undefined;
  }
}
