// Turns whatever a command threw into stderr text and an exit code. main.ts prints the result;
// this stays pure so the table of texts and codes is unit-tested.
import { isExitStatus, isNerdtsError } from '../errors';
import { ArgvError, EXIT_FLAG_ERROR } from './usage';

export interface ErrorReport { text: string; exitCode: number }

/**
 * ExitStatus: silent, its status. Command-line mistakes: docker's text as is. NerdtsError:
 * `Error: message` + `Hint: ...` (usage errors add docker's `Run '... --help'` line and exit 125).
 * Node system errors (EACCES, ENOENT...): reported like NerdtsError. Anything else is a bug.
 */
export function reportError(err: unknown, opts: { debug: boolean; commandPath?: string }): ErrorReport {
  if (isExitStatus(err)) return { text: '', exitCode: err.status };
  if (err instanceof ArgvError) return { text: `${err.message}\n`, exitCode: err.exitCode ?? 1 };
  if (isNerdtsError(err)) {
    let text = `Error: ${err.message}\n`;
    if (err.hint) text += `Hint: ${err.hint}\n`;
    if (err.code === 'usage' && opts.commandPath) text += `Run '${opts.commandPath} --help' for more information\n`;
    if (opts.debug && err.cause !== undefined) text += `Caused by: ${describe(err.cause, true)}\n`;
    return { text, exitCode: err.exitCode ?? (err.code === 'usage' ? EXIT_FLAG_ERROR : 1) };
  }
  const sys = err as { code?: unknown; syscall?: unknown; message?: unknown };
  if (err instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string') {
    const hint = sys.code === 'EACCES' || sys.code === 'EPERM' ? 'Hint: nerdts needs root privileges (rootless mode is not supported)\n' : '';
    return { text: `Error: ${err.message}\n${hint}${opts.debug ? `${err.stack}\n` : ''}`, exitCode: 1 };
  }
  const head = `Error: internal error: ${describe(err, false)}\n`;
  return {
    text: opts.debug ? `${head}${describe(err, true)}\n` : `${head}This is a bug in nerdts; run with --debug to see the stack trace.\n`,
    exitCode: 1,
  };
}

function describe(err: unknown, withStack: boolean): string {
  if (err instanceof Error) return withStack && err.stack ? err.stack : err.message;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}
