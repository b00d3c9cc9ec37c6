// Attached `up`: every container's log, prefixed, until all have exited; ctrl-c stops the stack
// (a second ctrl-c kills it); --abort-on-container-exit stops it when one exits, and
// --exit-code-from picks the exit code.
import { killContainer, stopContainer, waitContainer } from '../../container/lifecycle';
import { ExitStatus } from '../../errors';
import type { Output } from '../../output';
import type { ConvergeContext, ServiceContainer } from '../runtime/converge';
import { streamLogs } from '../runtime/follow';
import { LogMux } from '../runtime/log-mux';

export interface AttachOptions {
  abortOnContainerExit: boolean;
  exitCodeFrom?: string;
  noLogPrefix: boolean;
  noColor: boolean;
  timeout?: number;
}

/** The name compose shows in log prefixes: the container name without `<project>-`. */
export function logName(project: string, container: string): string {
  return container.startsWith(`${project}-`) ? container.slice(project.length + 1) : container;
}

/** Interrupt hooks (process signals by default; tests pass their own). */
export interface Interrupts { on(handler: () => void): () => void }

export const processInterrupts: Interrupts = {
  on(handler) {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); };
  },
};

/** Streams logs until every container exited; returns through ExitStatus when an exit code is owed. */
export async function attachLogs(ctx: ConvergeContext, containers: readonly ServiceContainer[], o: AttachOptions, io: Output,
  interrupts: Interrupts = processInterrupts): Promise<void> {
  const mux = new LogMux((t) => io.out(t), { prefix: !o.noLogPrefix, color: !o.noColor && io.isTTY });
  const named = containers.map((c) => ({ c, label: logName(ctx.project.name, c.name) }));
  for (const { label } of named) mux.add(label);
  io.out(`Attaching to ${named.map((n) => n.label).join(', ')}\n`);
  let stopping: Promise<unknown> | undefined;
  let interrupts_ = 0;
  let exitCode: number | undefined;
  const stopAll = (): Promise<unknown> => (stopping ??= Promise.all(containers.map(async (c) => {
    ctx.progress.working('Container', c.name, 'Stopping');
    await stopContainer(ctx.client, c.id, { ...(o.timeout !== undefined && { timeoutSeconds: o.timeout }), release: ctx.globals }).catch(() => undefined);
    ctx.progress.done('Container', c.name, 'Stopped');
  })));
  const off = interrupts.on(() => {
    interrupts_++;
    if (interrupts_ === 1) {
      io.err('Gracefully stopping... (press Ctrl+C again to force)\n');
      void stopAll();
    } else {
      for (const c of containers) void killContainer(ctx.client, c.id).catch(() => undefined);
    }
  });
  try {
    await Promise.all(named.map(async ({ c, label }) => {
      const out = mux.writer(label);
      const err = mux.writer(label);
      await streamLogs(ctx.client, ctx.globals, c.id, { out: out.write, err: err.write }, { follow: true, timestamps: false });
      out.flush();
      err.flush();
      const code = await waitContainer(ctx.client, c.id).catch(() => 0);
      if (!interrupts_) mux.notice(label, `${label} exited with code ${code}`);
      if (o.exitCodeFrom !== undefined ? c.service === o.exitCodeFrom : exitCode === undefined && o.abortOnContainerExit) exitCode = code;
      if (o.abortOnContainerExit && !stopping) {
        io.err(`Aborting on container exit...\n`);
        await stopAll();
      }
    }));
    if (stopping) await stopping;
  } finally {
    off();
  }
  if (exitCode !== undefined && exitCode !== 0) throw new ExitStatus(exitCode);
}
