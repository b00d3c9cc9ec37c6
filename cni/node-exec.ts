// The real PluginExec: runs plugin executables with child_process and finds them in CNI_PATH.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CniError } from './errors';
import type { PluginExec } from './invoke';
import { PluginExitError } from './invoke';

export interface NodePluginExecOptions {
  /** Kill a plugin that runs longer than this (default: no limit, as libcni). */
  timeoutMs?: number;
  /** Receives what plugins print on stderr (libcni copies it to its own stderr). */
  onStderr?: (text: string, pluginPath: string) => void;
  /** How often to retry a plugin that is being replaced on disk ("text file busy"). */
  busyRetries?: number;
}

/** A PluginExec over child_process.spawn. */
export function nodePluginExec(opts: NodePluginExecOptions = {}): PluginExec {
  return {
    exec: (pluginPath, env, stdin) => retryWhileBusy(() => runOnce(pluginPath, env, stdin, opts), opts.busyRetries),
    find: findPlugin,
  };
}

/** Runs `run` again (every 200 ms, up to `retries` times) while the plugin is being replaced on disk ("text file busy"). */
export async function retryWhileBusy<T>(run: () => Promise<T>, retries = 5): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ETXTBSY' || attempt >= retries) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function runOnce(pluginPath: string, env: Record<string, string>, stdin: string, opts: NodePluginExecOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(pluginPath, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let timedOut = false;
    const timer = opts.timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs) : undefined;
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => errOut.push(c));
    child.stdin.on('error', () => undefined); // a plugin may exit without reading stdin
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(errOut).toString('utf8');
      if (stderr && opts.onStderr) opts.onStderr(stderr, pluginPath);
      if (code === 0) return resolve(stdout);
      const why = timedOut ? `plugin timed out after ${opts.timeoutMs}ms` : signal ? `plugin killed by ${signal}` : undefined;
      reject(new PluginExitError(code, stdout, stderr, why));
    });
    child.stdin.end(stdin);
  });
}

/** Finds an executable named `type` in the first directory of `cniPath` that has one. */
export async function findPlugin(type: string, cniPath: readonly string[]): Promise<string> {
  if (type === '' || type.includes('/') || type === '.' || type === '..') {
    throw new CniError('invalid-config', `invalid plugin type "${type}"`, { plugin: type });
  }
  for (const dir of cniPath) {
    if (dir === '') continue;
    const candidate = join(dir, type);
    try {
      if ((await stat(candidate)).isFile()) {
        await access(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here; try the next directory
    }
  }
  throw new CniError('plugin-not-found', `failed to find plugin "${type}" in path [${cniPath.join(' ')}]`, {
    plugin: type,
    hint: 'install the CNI plugins (Debian: containernetworking-plugins) or point --cni-path at them',
  });
}
