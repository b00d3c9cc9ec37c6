// The cni library's only error type. It stands alone (cni/ imports nothing from src/), so callers
// map `kind` to their own error codes at the boundary.

/** What went wrong, coarse enough for callers to branch on. */
export type CniErrorKind =
  | 'plugin-failed' // a plugin ran and reported an error (see `code`, `details`)
  | 'plugin-not-found' // no executable for the plugin type in CNI_PATH
  | 'invalid-config' // a conflist or plugin config that cannot be parsed or used
  | 'invalid-argument' // a bad option from the caller (subnet, ifname, container ID...)
  | 'not-found' // a network or file that does not exist
  | 'already-exists' // a network file that is already there
  | 'lock-timeout' // the cross-process lock was not obtained in time
  | 'io'; // a filesystem or process failure outside any plugin

/** Well-known CNI error codes (spec section 5); 100+ are plugin specific. */
export const CNI_CODES = {
  incompatibleVersion: 1,
  unsupportedField: 2,
  unknownContainer: 3,
  invalidEnvironment: 4,
  ioFailure: 5,
  decodeFailure: 6,
  invalidConfig: 7,
  tryAgainLater: 11,
} as const;

export interface CniErrorOptions {
  /** The CNI error code; plugin errors carry the plugin's, local errors a fitting well-known one. */
  code?: number;
  /** The plugin type (`bridge`, `portmap`...) when the error is about one plugin. */
  plugin?: string;
  network?: string;
  command?: string;
  details?: string;
  hint?: string;
  cause?: unknown;
}

const MARK = Symbol.for('nerdts.cni-error');

/** A one-line description of a CNI failure, with the plugin and CNI code when known. */
export class CniError extends Error {
  readonly kind: CniErrorKind;
  readonly code: number;
  readonly plugin: string | undefined;
  readonly network: string | undefined;
  readonly command: string | undefined;
  readonly details: string | undefined;
  readonly hint: string | undefined;
  readonly [MARK] = true;

  constructor(kind: CniErrorKind, message: string, options: CniErrorOptions = {}) {
    super(oneLine(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CniError';
    this.kind = kind;
    this.code = options.code ?? defaultCode(kind);
    this.plugin = options.plugin;
    this.network = options.network;
    this.command = options.command;
    this.details = options.details;
    this.hint = options.hint;
  }
}

/** True for errors thrown by this library (also across separately bundled copies). */
export function isCniError(err: unknown): err is CniError {
  return typeof err === 'object' && err !== null && MARK in err;
}

function defaultCode(kind: CniErrorKind): number {
  switch (kind) {
    case 'invalid-config': return CNI_CODES.invalidConfig;
    case 'invalid-argument': return CNI_CODES.invalidEnvironment;
    case 'io': return CNI_CODES.ioFailure;
    case 'lock-timeout': return CNI_CODES.tryAgainLater;
    default: return 0;
  }
}

/** Plugins print multi-line details; our messages stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The message of any thrown value, for wrapping. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
