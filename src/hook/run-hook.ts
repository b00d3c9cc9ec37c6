// `nerdts internal oci-hook createRuntime|postStop`, run by runc with the container's state on
// stdin. Kept lean (it runs on every start and delete): no containerd client, no yaml. A failure
// is appended to <state-dir>/oci-hook.<event>.log and thrown, so the CLI exits non-zero and runc
// fails the operation with the message.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HookGlobals } from './hook-args';
import { NerdtsError } from '../errors';
import { onCreateRuntime, onPostStop } from './events';
import type { HookContext } from './events';
import { hookContainer, parseOciState } from './oci-state';

const EVENTS: Record<string, (ctx: HookContext) => Promise<void>> = { createRuntime: onCreateRuntime, postStop: onPostStop };

/** Runs one hook event; `stdin` defaults to this process's standard input; see HookContext for `stillOwned`. */
export async function runOciHook(event: string, globals: HookGlobals, stdin?: string, stillOwned?: () => boolean): Promise<void> {
  const handler = EVENTS[event];
  if (!handler) {
    throw new NerdtsError('invalid-argument', `unexpected OCI hook event ${JSON.stringify(event)}`, { hint: 'expected createRuntime or postStop' });
  }
  if (stdin === undefined && process.stdin.isTTY) throw new NerdtsError('invalid-argument', 'the OCI state must be given on stdin');
  const state = parseOciState(stdin ?? readFileSync(0, 'utf8'));
  const container = hookContainer(state, globals.namespace);
  const log = (level: string, message: string): void => {
    if (!container.stateDir) return;
    const line = `time="${new Date().toISOString()}" level=${level} msg=${JSON.stringify(message)}\n`;
    try { appendFileSync(join(container.stateDir, `oci-hook.${event}.log`), line, { mode: 0o600 }); } catch { /* no state dir */ }
  };
  try {
    await handler({ globals, state, container, onWarning: (m) => log('warning', m), ...(stillOwned && { stillOwned }) });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log('error', message);
    if (err instanceof NerdtsError) throw err;
    throw new NerdtsError('internal', `oci-hook ${event}: ${message}`, { cause: err });
  }
}
