// Starts the system's containerd when nothing answers on its socket, so `nerdts run` works on a
// machine without systemd (containers, CI).
import { accessSync, closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { NerdtsError } from '../errors';

/** Everything autostart does to the machine, injected so tests use fakes. */
export interface AutostartEffects {
  /** Absolute path of an executable on PATH, or undefined. */
  findBinary(name: string): string | undefined;
  /** Starts a process in its own session (it outlives us), stdout and stderr appended to logPath. */
  spawnDetached(command: string, args: string[], logPath: string): Spawned;
  /** True once containerd answers a Version call at the address. */
  probe(): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  /** One line for the user (the CLI writes it to stderr). */
  log(line: string): void;
}

export interface Spawned {
  pid: number;
  /** True once the process has exited (it failed to start). */
  exited(): boolean;
}

export interface AutostartOptions {
  address: string;
  /** Pass --address to containerd: only when the address is not its default. */
  customAddress: boolean;
  /** Why the first connection failed, for the error messages. */
  reason: string;
  logPath: string;
  /** Total wait for containerd to answer; default 10 s. */
  timeoutMs?: number;
  pollMs?: number;
}

export const INSTALL_HINT = 'install it: apt-get install containerd';

/** Starts containerd and waits until it answers; throws 'unavailable' with a hint when it cannot. */
export async function startContainerd(opts: AutostartOptions, fx: AutostartEffects): Promise<void> {
  const binary = fx.findBinary('containerd');
  if (binary === undefined) {
    throw new NerdtsError('unavailable',
      `cannot connect to containerd at ${opts.address}: ${opts.reason}, and containerd is not installed`,
      { hint: INSTALL_HINT });
  }
  const args = opts.customAddress ? ['--address', opts.address] : [];
  let child: Spawned;
  try {
    child = fx.spawnDetached(binary, args, opts.logPath);
  } catch (err) {
    throw new NerdtsError('unavailable', `cannot start ${binary}: ${(err as Error).message}`,
      { hint: 'start containerd yourself, or pass --address / set CONTAINERD_ADDRESS', cause: err });
  }
  const pid = child.pid;
  const pollMs = opts.pollMs ?? 100;
  const polls = Math.max(1, Math.ceil((opts.timeoutMs ?? 10_000) / pollMs));
  for (let i = 0; i < polls; i++) {
    await fx.sleep(pollMs);
    // Probe before the liveness check: a containerd started concurrently by someone else also counts.
    if (await fx.probe()) {
      fx.log(`nerdts: started containerd (pid ${pid}), logs in ${opts.logPath}`);
      return;
    }
    if (child.exited()) {
      throw new NerdtsError('unavailable', `containerd (pid ${pid}) exited right after starting`,
        { hint: `see ${opts.logPath}` });
    }
  }
  throw new NerdtsError('unavailable',
    `containerd (pid ${pid}) did not answer at ${opts.address} within ${Math.round(polls * pollMs / 1000)} s`,
    { hint: `see ${opts.logPath}` });
}

/** The real effects, given the probe and the logger. */
export function hostEffects(probe: () => Promise<boolean>, log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env): AutostartEffects {
  return {
    findBinary: (name) => findOnPath(name, env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'),
    spawnDetached,
    probe,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log,
  };
}

function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

function spawnDetached(command: string, args: string[], logPath: string): Spawned {
  // Loaded here, not at the top: child_process costs ~3 ms at start-up and only this rare path needs it.
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  // On a fresh machine the data root does not exist yet (nerdctl's layout makes it 0700).
  mkdirSync(dirname(logPath), { recursive: true, mode: 0o700 });
  const fd = openSync(logPath, 'a', 0o640);
  try {
    // detached: setsid(), so the CLI's exit or a Ctrl-C on its process group does not reach containerd.
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
    let exited = false;
    child.on('error', () => { exited = true; });
    child.on('exit', () => { exited = true; });
    child.unref();
    if (child.pid === undefined) throw new Error('spawn failed');
    return { pid: child.pid, exited: () => exited };
  } finally {
    closeSync(fd);
  }
}
