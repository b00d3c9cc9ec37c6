// docker exec as the CLI runs it. The exec's stdio are FIFOs that this process reads and writes
// (an exec lives only as long as its caller, as in docker); -d gives it none.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import type { GlobalOptions } from '../../config';
import type { ContainerdClient } from '../../containerd/client';
import { openClient } from '../../containerd/open';
import { TYPE_URL, packJson, unpackJson } from '../../containerd/typeurl';
import { ExitStatus, NerdtsError } from '../../errors';
import type { Output } from '../../output';
import { findContainer } from '../lookup';
import { readRootfsFile } from '../rootfs';
import type { Spec } from '../spec';
import { userEnv } from '../spec/env';
import { execProcess } from '../stdio/exec-process';
import { bundleDirOf, ensureFifo } from '../stdio/task-stdio';
import { enterRawTerminal, requireTerminalInput } from '../stdio/terminal';
import { isLive, taskOf } from '../task-state';

export interface ExecOptions {
  container: string;
  command: string[];
  interactive: boolean;
  tty: boolean;
  detach: boolean;
  env: string[];
  envFiles: string[];
  workdir?: string;
  user?: string;
  privileged: boolean;
}

const EXEC_FIFO_DIR = '/run/nerdts/exec';

interface ExecIo { stdin: string; stdout: string; stderr: string; dir?: string; fds: number[] }

function prepareIo(execId: string, o: ExecOptions): ExecIo {
  if (o.detach) return { stdin: '', stdout: '', stderr: '', fds: [] };
  const dir = join(EXEC_FIFO_DIR, execId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: string): string => { const p = join(dir, name); ensureFifo(p); return p; };
  const stdout = path('stdout');
  const stderr = o.tty ? '' : path('stderr');
  const stdin = o.interactive ? path('stdin') : '';
  // Our read ends exist before the shim opens the FIFOs for writing (that open waits for a reader).
  const flags = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
  const fds = [fs.openSync(stdout, flags), ...(stderr ? [fs.openSync(stderr, flags)] : [])];
  return { stdin, stdout, stderr, dir, fds };
}

function pumpOut(fd: number, write: (b: Buffer) => void): Promise<void> {
  return new Promise((resolve) => {
    const s = new net.Socket({ fd, readable: true, writable: false });
    s.on('data', write);
    s.on('close', () => resolve());
    s.on('error', () => resolve());
  });
}

function pumpIn(client: ContainerdClient, id: string, execId: string, fifo: string): void {
  const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
  const sink = new net.Socket({ fd, readable: false, writable: true });
  sink.on('error', () => undefined);
  process.stdin.on('data', (d: Buffer) => sink.write(d));
  process.stdin.on('end', () => {
    const done = (): void => { sink.destroy(); client.tasks.closeIO(id, execId).catch(() => undefined); };
    if (sink.writableLength === 0) done(); else sink.once('drain', done);
  });
}

async function execSpec(client: ContainerdClient, globals: GlobalOptions, o: ExecOptions): Promise<{ id: string; spec: Spec['process'] }> {
  const c = await findContainer(client, o.container);
  if (!isLive(await taskOf(client, c.id))) {
    throw new NerdtsError('failed-precondition', `container ${c.id} is not running`);
  }
  const envFiles = o.envFiles.map((name) => ({ name, text: fs.readFileSync(name, 'utf8') }));
  const env = userEnv({ env: o.env, envFiles, lookup: (k) => process.env[k] });
  const rootfs = join(bundleDirOf(globals.namespace, c.id), 'rootfs');
  const base = unpackJson<Spec>(c.spec, TYPE_URL.spec).process;
  const spec = execProcess(base, {
    command: o.command, tty: o.tty, env, privileged: o.privileged,
    ...(o.workdir && { workdir: o.workdir }),
    ...(o.user && { user: o.user, passwd: readRootfsFile(rootfs, '/etc/passwd'), group: readRootfsFile(rootfs, '/etc/group') }),
  } as Parameters<typeof execProcess>[1]);
  return { id: c.id, spec };
}

/** docker exec: runs a command in a running container; exits with its status (126/127 when it cannot start). */
export async function exec(globals: GlobalOptions, o: ExecOptions, io: Output): Promise<void> {
  requireTerminalInput(o);
  const client = await openClient(globals, (l) => io.err(`${l}\n`));
  const { id, spec } = await execSpec(client, globals, o);
  const execId = randomBytes(16).toString('hex');
  const stdio = prepareIo(execId, o);
  try {
    await client.tasks.exec({ containerId: id, execId, spec: packJson(TYPE_URL.process, spec), terminal: o.tty,
      stdin: stdio.stdin, stdout: stdio.stdout, stderr: stdio.stderr });
    try {
      await client.tasks.start(id, execId);
    } catch (err) {
      await client.tasks.deleteProcess(id, execId).catch(() => undefined);
      const text = (err as Error).message;
      const code = /executable file not found|no such file or directory/i.test(text) ? 127 : /permission denied/i.test(text) ? 126 : 126;
      throw new NerdtsError('failed-precondition', text, { exitCode: code });
    }
    if (o.detach) return;
    const status = await follow(client, id, execId, stdio, o);
    if (status !== 0) throw new ExitStatus(status);
  } finally {
    if (stdio.dir) fs.rmSync(stdio.dir, { recursive: true, force: true });
  }
}

async function follow(client: ContainerdClient, id: string, execId: string, stdio: ExecIo, o: ExecOptions): Promise<number> {
  const terminal = o.tty ? enterRawTerminal((cols, rows) => { client.tasks.resizePty(id, execId, cols, rows).catch(() => undefined); }) : undefined;
  try {
    const outputs = stdio.fds.map((fd, i) => pumpOut(fd, i === 0 ? (b) => { process.stdout.write(b); } : (b) => { process.stderr.write(b); }));
    if (stdio.stdin) pumpIn(client, id, execId, stdio.stdin);
    const { exitStatus } = await client.tasks.wait(id, execId);
    await Promise.all(outputs);
    await client.tasks.deleteProcess(id, execId).catch(() => undefined);
    return exitStatus;
  } finally {
    terminal?.restore();
  }
}
