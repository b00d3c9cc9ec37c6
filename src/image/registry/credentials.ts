// Registry credentials from docker's config.json ($DOCKER_CONFIG/config.json, else
// ~/.docker/config.json): `auths` entries (base64 `auth`, username/password, identitytoken) and
// credential helpers (`credsStore`, `credHelpers`, run as `docker-credential-<name> get`).
// Secrets never go into error messages.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NerdtsError } from '../../errors';

/** What a registry login needs. An identity token is an OAuth2 refresh token. */
export interface Credentials {
  username?: string;
  password?: string;
  identityToken?: string;
  /** A bearer token used as-is (docker's `registrytoken`). */
  registryToken?: string;
}

/** One entry of config.json's `auths`. */
export interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
  email?: string;
}

/** The parts of config.json nerdts reads; other fields are kept as they are. */
export interface DockerConfigFile {
  auths?: Record<string, DockerAuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** Exit status and output of a credential helper run. */
export interface HelperResult { status: number; stdout: string; stderr: string }

/** Side effects of credential lookup, passed in so tests can fake them. */
export interface CredentialDeps {
  env: Readonly<Record<string, string | undefined>>;
  home(): string;
  readFile(path: string): Promise<string | undefined>;
  /** Runs a credential helper binary with one argument and stdin. */
  runHelper(program: string, arg: string, stdin: string): Promise<HelperResult>;
}

/** The key docker stores Docker Hub credentials under. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const NOT_FOUND_OUTPUT = 'credentials not found in native keychain';

/** The real environment, files and helper binaries. */
export const nodeCredentialDeps: CredentialDeps = {
  env: process.env,
  home: homedir,
  readFile: (p) => readFile(p, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }),
  runHelper: runProgram,
};

// A static import: the chunks that bundle this (build, container, compose-runtime) load
// child_process anyway, and their V8 code cache cannot run a dynamic import() of a built-in.
async function runProgram(program: string, arg: string, stdin: string): Promise<HelperResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [arg], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status: status ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    // A helper that exits without reading stdin must not crash us with EPIPE; its status says enough.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

/** The docker config directory: $DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(deps: Pick<CredentialDeps, 'env' | 'home'>): string {
  return deps.env['DOCKER_CONFIG'] || join(deps.env['HOME'] || deps.home(), '.docker');
}

/** The key a registry's credentials are stored under: docker's Hub URL, else `host[:port]`. */
export function credentialKey(host: string): string {
  return HUB_HOSTS.has(host) ? DOCKER_HUB_KEY : host;
}

/** `https://host:port/path` -> `host:port` (docker's ConvertToHostname). */
export function keyHostname(key: string): string {
  return key.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '').split('/')[0]!;
}

/** Reads config.json; a missing file is an empty config. */
export async function loadDockerConfig(deps: CredentialDeps): Promise<{ path: string; config: DockerConfigFile }> {
  const path = join(dockerConfigDir(deps), 'config.json');
  const text = await deps.readFile(path);
  if (text === undefined || text.trim() === '') return { path, config: {} };
  try {
    const config = JSON.parse(text) as unknown;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('not an object');
    return { path, config: config as DockerConfigFile };
  } catch (err) {
    throw new NerdtsError('invalid-argument', `${path}: invalid JSON: ${(err as Error).message}`, { cause: err });
  }
}

function sameRegistry(key: string, host: string): boolean {
  const h = keyHostname(key);
  if (HUB_HOSTS.has(host)) return HUB_HOSTS.has(h);
  return h === host || (host.endsWith(':443') && h === host.slice(0, -4));
}

/** The auths entry for a host: the exact key first, then keys with a scheme, path or :443. */
export function findAuthEntry(config: DockerConfigFile, host: string): [string, DockerAuthEntry] | undefined {
  const auths = config.auths ?? {};
  const key = credentialKey(host);
  if (auths[key]) return [key, auths[key]];
  const match = Object.keys(auths).find((k) => sameRegistry(k, host));
  return match === undefined ? undefined : [match, auths[match]!];
}

/** Decodes an auths entry; undefined when it holds nothing usable. */
export function entryCredentials(entry: DockerAuthEntry): Credentials | undefined {
  const c: Credentials = {};
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new NerdtsError('invalid-argument', 'invalid auth configuration file: malformed "auth" field');
    c.username = decoded.slice(0, colon);
    c.password = decoded.slice(colon + 1);
  } else if (entry.username !== undefined || entry.password !== undefined) {
    c.username = entry.username ?? '';
    c.password = entry.password ?? '';
  }
  if (c.username !== undefined) c.username = c.username.trim();
  if (entry.identitytoken) c.identityToken = entry.identitytoken;
  if (entry.registrytoken) c.registryToken = entry.registrytoken;
  return c.username || c.password || c.identityToken || c.registryToken ? c : undefined;
}

/** The credential helper configured for a host, if any (credHelpers wins over credsStore). */
export function helperFor(config: DockerConfigFile, host: string): string | undefined {
  const helpers = config.credHelpers ?? {};
  const key = credentialKey(host);
  return helpers[key] ?? helpers[host] ?? helpers[keyHostname(key)] ?? (config.credsStore || undefined);
}

/** Asks `docker-credential-<helper> get` for a server URL; undefined when it has nothing. */
export async function helperGet(helper: string, serverUrl: string, deps: CredentialDeps): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  let r: HelperResult;
  try {
    r = await deps.runHelper(program, 'get', serverUrl);
  } catch (err) {
    throw new NerdtsError('unavailable', `credential helper ${program} could not be run: ${(err as Error).message}`,
      { hint: `install ${program} or remove "credsStore"/"credHelpers" from config.json`, cause: err });
  }
  if (r.status !== 0) {
    if (r.stdout.includes(NOT_FOUND_OUTPUT) || r.stderr.includes(NOT_FOUND_OUTPUT)) return undefined;
    // Helpers print their error on stdout; it describes the failure, not the secret.
    const why = (r.stderr.trim() || r.stdout.trim()).split('\n')[0]?.slice(0, 200) ?? '';
    throw new NerdtsError('unavailable', `credential helper ${program} failed (exit ${r.status})${why ? `: ${why}` : ''}`);
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(r.stdout) as typeof parsed;
  } catch {
    throw new NerdtsError('unavailable', `credential helper ${program} returned invalid JSON`);
  }
  if (!parsed.Secret && !parsed.Username) return undefined;
  if (parsed.Username === '<token>') return { identityToken: parsed.Secret ?? '' };
  return { username: parsed.Username ?? '', password: parsed.Secret ?? '' };
}

/** Credentials for a registry host (e.g. `docker.io`, `127.0.0.1:5000`), or undefined (anonymous). */
export async function lookupCredentials(host: string, deps: CredentialDeps = nodeCredentialDeps, loaded?: DockerConfigFile): Promise<Credentials | undefined> {
  const config = loaded ?? (await loadDockerConfig(deps)).config;
  const helper = helperFor(config, host);
  if (helper) {
    const fromHelper = await helperGet(helper, credentialKey(host), deps);
    if (fromHelper) return fromHelper;
  }
  const entry = findAuthEntry(config, host);
  return entry ? entryCredentials(entry[1]) : undefined;
}

/** A lookup that reads config.json once and remembers answers per host. */
export function cachedCredentialsLookup(deps: CredentialDeps = nodeCredentialDeps): (host: string) => Promise<Credentials | undefined> {
  let config: Promise<DockerConfigFile> | undefined;
  const answers = new Map<string, Promise<Credentials | undefined>>();
  return (host) => {
    let answer = answers.get(host);
    if (!answer) {
      config ??= loadDockerConfig(deps).then((c) => c.config);
      answer = config.then((c) => lookupCredentials(host, deps, c));
      answers.set(host, answer);
    }
    return answer;
  };
}
