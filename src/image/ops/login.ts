// `login` / `logout`: credentials checked against the registry, stored in docker's config.json
// (mode 0600). Secrets never reach the output.
import { readFileSync } from 'node:fs';
import type { GlobalOptions } from '../../config';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { registryOptions } from '../context';
import { login as registryLogin, loginRegistry, logout as registryLogout } from '../registry';

export interface LoginCommandOptions {
  server?: string;
  username?: string;
  password?: string;
  passwordStdin: boolean;
}

function stdinText(): string {
  try {
    return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  } catch {
    return '';
  }
}

/** Logs in and prints docker's "Login Succeeded". */
export async function login(globals: GlobalOptions, o: LoginCommandOptions, io: Output & { readonly stdinIsTTY?: boolean }): Promise<void> {
  const registry = loginRegistry(o.server);
  if (o.passwordStdin && o.password !== undefined) throw new NerdtsError('usage', '--password and --password-stdin are mutually exclusive');
  if (o.passwordStdin && !o.username) throw new NerdtsError('usage', 'Must provide --username with --password-stdin');
  if (o.password !== undefined) io.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
  const password = o.passwordStdin ? stdinText() : o.password;
  if (!o.username || !password) {
    throw new NerdtsError('invalid-argument', 'username and password are required for a non-interactive login',
      { hint: `nerdts login -u USER --password-stdin ${o.server ?? ''}`.trim() });
  }
  const where = await registryLogin(registry, { username: o.username, password }, registryOptions(globals));
  io.err(`Credentials stored in ${where}\n`);
  io.out('Login Succeeded\n');
}

/** Removes stored credentials; docker says so even when there were none. */
export async function logout(_globals: GlobalOptions, o: { server?: string }, io: Output): Promise<void> {
  const registry = loginRegistry(o.server);
  const removed = await registryLogout(registry);
  io.out(removed ? `Removing login credentials for ${registry}\n` : `Not logged in to ${registry}\n`);
}
