// A fork server: one /bin/sh child that starts programs on request. Node's spawn forks the whole
// calling process and blocks its thread until the child has exec'd: 1-2 ms for a 70 MB client on
// an idle machine, 4-6 ms under the load of a compose up, ten to twenty times per up (CNI plugins,
// `ip`, iptables), all on the one thread that drives the stack. Forking a small shell costs a
// fraction of that, and the client only writes a line to a pipe.
//
// Each job is one line of shell: a background subshell starts another one in the background,
// which sets the job's environment relative to the server's and execs the program with stdin,
// stdout and stderr on files in a private directory in /run; the first prints "p <n> <pid>" (for a
// kill on timeout), waits, and prints "d <n> <status>". Lines under PIPE_BUF arrive whole, in any
// order.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import { constants as osConstants } from 'node:os';
import * as path from 'node:path';

export interface ForkResult {
  /** Exit status; null when a signal ended the program. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ForkJob {
  file: string;
  args?: readonly string[];
  /** The program's whole environment. */
  env: Readonly<Record<string, string>>;
  input?: string;
  /** SIGKILL after this long (the result then has signal SIGKILL). */
  timeoutMs?: number;
}

const RUN_DIR = '/run/nerdts';
const SIGNAL_BASE = 128;

/** This process's environment for a host tool (ip, iptables), with the sbin directories on PATH when it has none. */
export function toolEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  out.PATH ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return out;
}

/** Quotes a word for sh: single quotes, with each ' written as '\''. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The sh commands that turn environment `from` into `to` (unset, then export what differs). */
export function envChanges(from: Readonly<Record<string, string | undefined>>, to: Readonly<Record<string, string>>): string {
  const valid = (k: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k);
  const gone = Object.keys(from).filter((k) => from[k] !== undefined && !(k in to) && valid(k));
  const set = Object.entries(to).filter(([k, v]) => from[k] !== v && valid(k));
  const parts: string[] = [];
  if (gone.length) parts.push(`unset ${gone.join(' ')}`);
  if (set.length) parts.push(`export ${set.map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')}`);
  return parts.join('; ');
}

/** The job's line for the server (see the header). */
export function jobLine(n: number, job: ForkJob, serverEnv: Readonly<Record<string, string | undefined>>, dir: string): string {
  const file = (ext: string): string => shellQuote(path.join(dir, `${n}.${ext}`));
  const env = envChanges(serverEnv, job.env);
  const argv = [job.file, ...(job.args ?? [])].map(shellQuote).join(' ');
  const inner = [...(env ? [env] : []), `exec ${argv} <${file('in')} >${file('out')} 2>${file('err')}`].join('; ');
  return `( ( ${inner} ) & echo "p ${n} $!"; wait $!; echo "d ${n} $?" ) &\n`;
}

interface Pending {
  resolve: (r: ForkResult) => void;
  reject: (err: Error) => void;
  pid?: number;
  timer?: NodeJS.Timeout;
  killed: boolean;
}

/** Runs programs through one long-lived /bin/sh child of this process. */
export class ForkServer {
  private static instance: ForkServer | undefined;
  private readonly child: ChildProcessWithoutNullStreams;
  /** The jobs' files (each job's removed when it ends). */
  readonly dir: string;
  private readonly env: Record<string, string | undefined>;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private buffered = '';
  private broken: Error | undefined;

  /** This process's server, started at the first call. */
  static shared(): ForkServer {
    ForkServer.instance ??= new ForkServer();
    return ForkServer.instance;
  }

  private constructor() {
    fs.mkdirSync(RUN_DIR, { recursive: true, mode: 0o755 });
    this.dir = fs.mkdtempSync(path.join(RUN_DIR, 'fork-'));
    process.once('exit', () => {
      // A job still running at our exit may yet write its files; whatever stays is in /run (tmpfs).
      try { fs.rmSync(this.dir, { recursive: true, force: true }); } catch { /* see above */ }
    });
    this.env = { ...process.env };
    this.child = spawn('/bin/sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
    // The server keeps this process alive only while a job runs: at our exit its stdin ends and so does it.
    this.child.unref();
    this.hold(false);
    this.child.stdin.on('error', (err) => this.fail(err));
    this.child.on('error', (err) => this.fail(err));
    this.child.on('exit', () => this.fail(new Error('the fork server (/bin/sh) ended')));
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text: string) => this.take(text));
    this.child.stderr.resume();
  }

  /** Runs `job` to its end. */
  run(job: ForkJob): Promise<ForkResult> {
    if (this.broken) return Promise.reject(this.broken);
    const n = this.next++;
    fs.writeFileSync(path.join(this.dir, `${n}.in`), job.input ?? '');
    return new Promise<ForkResult>((resolve, reject) => {
      const p: Pending = { resolve, reject, killed: false };
      if (job.timeoutMs) {
        p.timer = setTimeout(() => {
          p.killed = true;
          if (p.pid) try { process.kill(p.pid, 'SIGKILL'); } catch { /* ended meanwhile */ }
        }, job.timeoutMs);
        p.timer.unref();
      }
      this.pending.set(n, p);
      if (this.pending.size === 1) this.hold(true);
      this.child.stdin.write(jobLine(n, job, this.env, this.dir));
    });
  }

  private take(text: string): void {
    this.buffered += text;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const [kind, id, value] = this.buffered.slice(0, nl).split(' ');
      this.buffered = this.buffered.slice(nl + 1);
      const n = Number(id);
      const p = this.pending.get(n);
      if (!p) continue;
      if (kind === 'p') {
        p.pid = Number(value);
        if (p.killed) try { process.kill(p.pid, 'SIGKILL'); } catch { /* ended meanwhile */ }
      } else if (kind === 'd') {
        this.finish(n, p, Number(value));
      }
    }
  }

  // Ref'd pipes keep the event loop (and this process) alive; a job's promise alone does not.
  private hold(on: boolean): void {
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      const handle = s as unknown as { ref?: () => void; unref?: () => void };
      if (on) handle.ref?.(); else handle.unref?.();
    }
  }

  private finish(n: number, p: Pending, status: number): void {
    this.pending.delete(n);
    if (this.pending.size === 0) this.hold(false);
    if (p.timer) clearTimeout(p.timer);
    const read = (ext: string): string => {
      const file = path.join(this.dir, `${n}.${ext}`);
      try { return fs.readFileSync(file, 'utf8'); } catch { return ''; } finally { fs.rmSync(file, { force: true }); }
    };
    const stdout = read('out');
    const stderr = read('err');
    fs.rmSync(path.join(this.dir, `${n}.in`), { force: true });
    // sh's own "cannot run" (126) and "not found" (127), told from a program's exit by its message.
    const cannot = (status === 126 || status === 127) && /exec: .*: (not found|Permission denied|Text file busy)/.exec(stderr);
    if (cannot) {
      const code = cannot[1] === 'not found' ? 'ENOENT' : cannot[1] === 'Text file busy' ? 'ETXTBSY' : 'EACCES';
      p.reject(Object.assign(new Error(`${code}: ${stderr.trim()}`), { code }));
      return;
    }
    // sh reports a signal's end as 128 + its number.
    const signal = status > SIGNAL_BASE ? signalName(status - SIGNAL_BASE) : null;
    p.resolve({ code: signal ? null : status, signal, stdout, stderr });
  }

  private fail(err: Error): void {
    this.broken ??= err;
    if (this.pending.size > 0) this.hold(false);
    for (const [n, p] of this.pending) {
      this.pending.delete(n);
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
  }
}

function signalName(num: number): NodeJS.Signals | null {
  const found = Object.entries(osConstants.signals as Record<string, number>).find(([, v]) => v === num);
  return (found?.[0] as NodeJS.Signals | undefined) ?? null;
}
