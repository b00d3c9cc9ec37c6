// The compose library's only error type. It carries where the problem is: the file, the path in
// the model (`services.web.ports[0]`) and, when the parser knows it, the line and column.
import type { Path } from './tree';
import { formatPath } from './tree';

/** What kind of problem this is, so callers can map it to their own error codes. */
export type ComposeErrorKind = 'invalid' | 'not-found';

/** Where an error is, as far as known. */
export interface ErrorLocation {
  file?: string;
  path?: Path | string;
  line?: number;
  column?: number;
}

const MARK = Symbol.for('nerdts.compose-error');

/** A one-line, user-facing description of an invalid or missing compose input. */
export class ComposeError extends Error {
  readonly reason: string;
  readonly kind: ComposeErrorKind;
  readonly hint: string | undefined;
  file: string | undefined;
  path: string | undefined;
  line: number | undefined;
  column: number | undefined;
  readonly [MARK] = true;

  constructor(reason: string, where: ErrorLocation = {}, options: { kind?: ComposeErrorKind; hint?: string } = {}) {
    super(reason);
    this.name = 'ComposeError';
    this.reason = reason;
    this.kind = options.kind ?? 'invalid';
    this.hint = options.hint;
    this.file = where.file;
    this.path = where.path === undefined ? undefined : typeof where.path === 'string' ? where.path : formatPath(where.path);
    this.line = where.line;
    this.column = where.column;
    this.message = this.render();
  }

  /** Fills in the file and position if they are not known yet (stages know paths, drivers know files). */
  locate(file: string | undefined, pos?: { line: number; column: number }): this {
    if (this.file === undefined && file !== undefined) this.file = file;
    if (this.line === undefined && pos) { this.line = pos.line; this.column = pos.column; }
    this.message = this.render();
    return this;
  }

  private render(): string {
    let where = '';
    if (this.file !== undefined) {
      where = this.file;
      if (this.line !== undefined) where += `:${this.line}` + (this.column !== undefined ? `:${this.column}` : '');
      where += ': ';
    }
    return where + (this.path ? `${this.path}: ` : '') + this.reason;
  }
}

/** True for errors thrown by this library (also across separately bundled copies). */
export function isComposeError(err: unknown): err is ComposeError {
  return typeof err === 'object' && err !== null && MARK in err;
}

/** Shorthand for an error about the value at `path`. */
export function invalidAt(path: Path | string, reason: string): ComposeError {
  return new ComposeError(reason, { path });
}

/** A warning collected in the result; the library never prints. */
export interface ComposeWarning {
  message: string;
  file?: string;
  path?: string;
}
