// `login` and `logout`: check credentials against the registry (GET /v2/ through the token flow),
// then keep them where docker does: a credential helper when one is configured, else the `auths`
// of config.json, written atomically with mode 0600 in a 0700 directory.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NerdtsError } from '../../errors';
import { RegistryClient } from './client';
import { credentialKey, helperFor, keyHostname, loadDockerConfig, nodeCredentialDeps } from './credentials';
import type { CredentialDeps, DockerConfigFile } from './credentials';
import type { RegistryOptions } from './session';

/** What `login` is given. */
export interface LoginCredentials { username: string; password: string }

/** The registry host a login argument names: none or any Docker Hub spelling is `docker.io`. */
export function loginRegistry(arg: string | undefined): string {
  if (!arg) return 'docker.io';
  const host = keyHostname(arg.trim()).toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'docker.io' ? 'docker.io' : host;
}

/** Verifies credentials with the registry, then stores them; returns where they went. */
export async function login(registry: string, creds: LoginCredentials, options: RegistryOptions = {}): Promise<string> {
  if (!creds.username || !creds.password) throw new NerdtsError('invalid-argument', 'username and password are required');
  const client = new RegistryClient(registry, { ...options, credentials: { username: creds.username, password: creds.password } });
  try {
    await client.ping();
  } finally {
    client.close();
  }
  return storeCredentials(registry, creds, options.credentialDeps ?? nodeCredentialDeps);
}

async function runHelper(helper: string, action: 'store' | 'erase', input: string, deps: CredentialDeps): Promise<void> {
  const program = `docker-credential-${helper}`;
  const r = await deps.runHelper(program, action, input).catch((err: Error) => {
    throw new NerdtsError('unavailable', `credential helper ${program} could not be run: ${err.message}`, { cause: err });
  });
  if (r.status !== 0) {
    const why = (r.stderr.trim() || r.stdout.trim()).split('\n')[0]?.slice(0, 200) ?? '';
    throw new NerdtsError('unavailable', `credential helper ${program} ${action} failed${why ? `: ${why}` : ''}`);
  }
}

/** Stores credentials for a registry (helper or config.json); returns the helper name or file path. */
export async function storeCredentials(registry: string, creds: LoginCredentials, deps: CredentialDeps = nodeCredentialDeps): Promise<string> {
  const { path, config } = await loadDockerConfig(deps);
  const key = credentialKey(registry);
  const helper = helperFor(config, registry);
  if (helper) {
    await runHelper(helper, 'store', JSON.stringify({ ServerURL: key, Username: creds.username, Secret: creds.password }), deps);
    return `docker-credential-${helper}`;
  }
  const auths = { ...(config.auths ?? {}) };
  auths[key] = { auth: Buffer.from(`${creds.username}:${creds.password}`).toString('base64') };
  await writeConfig(path, { ...config, auths });
  return path;
}

/** Removes stored credentials for a registry; false when there were none. */
export async function eraseCredentials(registry: string, deps: CredentialDeps = nodeCredentialDeps): Promise<boolean> {
  const { path, config } = await loadDockerConfig(deps);
  const key = credentialKey(registry);
  const helper = helperFor(config, registry);
  if (helper) await runHelper(helper, 'erase', key, deps);
  const auths = { ...(config.auths ?? {}) };
  const matching = Object.keys(auths).filter((k) => k === key || credentialKey(keyHostname(k)) === key);
  if (matching.length === 0) return helper !== undefined;
  for (const k of matching) delete auths[k];
  await writeConfig(path, { ...config, auths });
  return true;
}

/** Writes config.json atomically (temp file + rename), owner-only. */
export async function writeConfig(path: string, config: DockerConfigFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new NerdtsError('permission-denied', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** `logout`: forgets the credentials of a registry; false when none were stored. */
export function logout(registry: string, deps: CredentialDeps = nodeCredentialDeps): Promise<boolean> {
  return eraseCredentials(registry, deps);
}
