// The error taxonomy shared by every layer. Library code throws NerdtsError with a stable code;
// only src/cli turns errors into stderr lines and exit codes.

/** Stable error codes. Adapters map gRPC statuses into these once, at the boundary. */
export type ErrorCode =
  | 'not-found'
  | 'already-exists'
  | 'invalid-argument'
  | 'failed-precondition'
  | 'conflict'
  | 'unavailable'
  | 'unauthorized'
  | 'permission-denied'
  | 'canceled'
  | 'deadline-exceeded'
  | 'unimplemented'
  | 'resource-exhausted'
  | 'internal'
  | 'usage';

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Process exit code the CLI should use; defaults from the code (docker's conventions). */
  exitCode?: number;
}

const MARK = Symbol.for('nerdts.error');

/** A user-facing error: one line of message, an optional hint, a code callers can test. */
export class NerdtsError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number | undefined;
  readonly [MARK] = true;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NerdtsError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode;
  }
}

/** Carries a container's (or child's) exit status to the CLI; prints nothing. */
export class ExitStatus extends Error {
  readonly status: number;
  readonly [MARK] = true;
  constructor(status: number) {
    super(`exit status ${status}`);
    this.name = 'ExitStatus';
    this.status = status;
  }
}

/** True for errors made by nerdts (also across separately bundled chunks). */
export function isNerdtsError(err: unknown): err is NerdtsError {
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'NerdtsError'
    && MARK in err;
}

export function isExitStatus(err: unknown): err is ExitStatus {
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'ExitStatus'
    && MARK in err;
}

export function hasCode(err: unknown, code: ErrorCode): boolean {
  return isNerdtsError(err) && err.code === code;
}

export const isNotFound = (err: unknown): boolean => hasCode(err, 'not-found');

/** The promise's value, or undefined when it fails with not-found (other errors pass). */
export async function orMissing<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
export const isAlreadyExists = (err: unknown): boolean => hasCode(err, 'already-exists');

/** Shorthands used throughout the libraries. */
export const notFound = (message: string, options?: ErrorOptions): NerdtsError =>
  new NerdtsError('not-found', message, options);
export const invalidArgument = (message: string, options?: ErrorOptions): NerdtsError =>
  new NerdtsError('invalid-argument', message, options);
export const usageError = (message: string, options?: ErrorOptions): NerdtsError =>
  new NerdtsError('usage', message, options);
