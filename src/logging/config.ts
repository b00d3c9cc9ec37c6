// `--log-driver` / `--log-opt` parsing and the per-container log-config.json (nerdctl's LogConfig),
// which the logger process reads at start. Kept light: the logger chunk imports this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { invalidArgument, NerdtsError } from '../errors';
import { jsonLogPath, logConfigPath } from './paths';

/** argv[1] the containerd shim passes to the logger (the `binary://` URI's query key). */
export const LOGGER_ARGV = '_NERDCTL_INTERNAL_LOGGING';

export const DEFAULT_LOG_DRIVER = 'json-file';

/** log-config.json, field for field nerdctl's (`address` is newer nerdctl's name, `host` older). */
export interface LogConfig {
  driver: string;
  opts?: Record<string, string>;
  address?: string;
}

/** What a create flow needs from the flags. */
export interface LogSetup {
  /** Written to log-config.json; undefined when the driver is a URI used as-is. */
  config: LogConfig | undefined;
  /** The driver given as a URI (`binary:///usr/bin/x`, `file:///...`), used verbatim as the log URI. */
  uri: string | undefined;
  /** Options accepted by docker but ignored here (the caller prints them). */
  warnings: string[];
}

/** json-file limits: maxSize 0 means unlimited; maxFiles counts the live file (1 = no backups). */
export interface JsonFileLimits {
  maxSize: number;
  maxFiles: number;
  logPath: string | undefined;
}

const JSON_FILE_OPTS = new Set(['max-size', 'max-file', 'log-path']);
// Keys docker's json-file accepts that nerdts does not act on: accepted with a warning.
const JSON_FILE_IGNORED = new Set(['compress', 'labels', 'labels-regex', 'env', 'env-regex', 'tag']);
const DRIVERS = new Set(['json-file', 'none']);
const OTHER_DOCKER_DRIVERS = new Set(['journald', 'fluentd', 'syslog', 'gelf', 'awslogs', 'splunk', 'etwlogs', 'gcplogs', 'local', 'logentries']);

/** Parses `--log-driver` and the repeated `--log-opt key=value` values; throws docker's error texts. */
export function parseLogFlags(driver: string | undefined, logOpts: readonly string[], address?: string): LogSetup {
  const name = driver || DEFAULT_LOG_DRIVER;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(name)) {
    if (logOpts.length) throw invalidArgument(`invalid logging opts for driver ${name}`);
    return { config: undefined, uri: name, warnings: [] };
  }
  if (!DRIVERS.has(name)) {
    const hint = OTHER_DOCKER_DRIVERS.has(name) ? 'nerdts supports json-file and none' : undefined;
    throw new NerdtsError('invalid-argument', `logger: no log driver named '${name}' is registered`, { hint });
  }
  const opts = parseKeyValues(logOpts);
  if (name === 'none') {
    if (logOpts.length) throw invalidArgument(`invalid logging opts for driver ${name}`);
    return { config: { driver: name, ...(address ? { address } : {}) }, uri: undefined, warnings: [] };
  }
  const warnings = validateJsonFileOpts(opts);
  jsonFileLimits(opts);
  const config: LogConfig = { driver: name, opts };
  if (address) config.address = address;
  return { config, uri: undefined, warnings };
}

// docker's ConvertKVStringsToMap: "k=v" splits at the first '=', a bare "k" maps to "".
function parseKeyValues(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) out[item] = '';
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function validateJsonFileOpts(opts: Record<string, string>): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(opts)) {
    if (JSON_FILE_OPTS.has(key)) continue;
    if (JSON_FILE_IGNORED.has(key)) warnings.push(`log-opt ${key} is ignored for json-file log driver`);
    else throw invalidArgument(`unknown log opt '${key}' for json-file log driver`);
  }
  return warnings;
}

/** Reads max-size / max-file / log-path as docker's json-file driver does (sizes are decimal: 10m = 10,000,000). */
export function jsonFileLimits(opts: Record<string, string> | undefined): JsonFileLimits {
  let maxSize = 0;
  const size = opts?.['max-size'];
  if (size !== undefined) {
    const n = parseHumanSize(size);
    if (n === undefined) throw invalidArgument(`invalid size: '${size}'`);
    if (n <= 0) throw invalidArgument('max-size must be a positive number');
    maxSize = n;
  }
  let maxFiles = 1;
  const files = opts?.['max-file'];
  if (files !== undefined) {
    if (!/^[+-]?\d+$/.test(files)) throw invalidArgument(`strconv.Atoi: parsing ${JSON.stringify(files)}: invalid syntax`);
    maxFiles = Number(files);
    if (maxFiles < 1) throw invalidArgument('max-file cannot be less than 1');
  }
  const logPath = opts?.['log-path'] || undefined;
  if (logPath !== undefined && !path.isAbsolute(logPath)) throw invalidArgument(`log-path must be an absolute path: '${logPath}'`);
  return { maxSize, maxFiles, logPath };
}

const SIZE_PREFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

/** go-units FromHumanSize: "10m", "1.5GB", "10 MiB" (always powers of 1000); undefined when malformed. */
export function parseHumanSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP]?)[iI]?[bB]?$/.exec(text);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * SIZE_PREFIX[m[2]!.toLowerCase()]!);
}

/** Parses a log-config.json text; throws on a document that is not one. */
export function parseLogConfig(text: string, where: string): LogConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`failed to load JSON logging config file "${where}": ${(err as Error).message}`, { cause: err });
  }
  const d = doc as { driver?: unknown; opts?: unknown; address?: unknown; host?: unknown } | null;
  if (!d || typeof d !== 'object' || typeof d.driver !== 'string') {
    throw invalidArgument(`failed to load JSON logging config file "${where}": no driver`);
  }
  const config: LogConfig = { driver: d.driver };
  if (d.opts && typeof d.opts === 'object') config.opts = stringRecord(d.opts as Record<string, unknown>);
  const address = typeof d.address === 'string' ? d.address : typeof d.host === 'string' ? d.host : '';
  if (address) config.address = address;
  return config;
}

function stringRecord(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Reads `<state-dir>/log-config.json`; undefined when the file does not exist. */
export function readLogConfig(dataStore: string, namespace: string, id: string,
  readFile: (p: string) => string = (p) => fs.readFileSync(p, 'utf8')): LogConfig | undefined {
  const file = logConfigPath(dataStore, namespace, id);
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseLogConfig(text, file);
}

/**
 * Writes log-config.json (atomically, 0600) and, for json-file, creates the empty log file so
 * `logs` works before the first start (as nerdctl's Init does). The state directory must exist.
 */
export function writeLogConfig(dataStore: string, namespace: string, id: string, config: LogConfig): void {
  const file = logConfigPath(dataStore, namespace, id);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(config), { mode: 0o600 });
  fs.renameSync(tmp, file);
  if (config.driver !== 'json-file') return;
  const logFile = jsonLogPath(dataStore, namespace, id, jsonFileLimits(config.opts).logPath);
  fs.mkdirSync(path.dirname(logFile), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(logFile, 'a', 0o640));
}

/** `binary://<self>?_NERDCTL_INTERNAL_LOGGING=<dataStore>`, escaped as Go's url.Values.Encode does. */
export function binaryLogURI(selfPath: string, dataStore: string): string {
  if (!path.isAbsolute(selfPath)) throw invalidArgument(`logger binary path must be absolute: ${selfPath}`);
  return `binary://${selfPath}?${LOGGER_ARGV}=${goQueryEscape(dataStore)}`;
}

function goQueryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
