// docker compose's progress lines on stderr. On a terminal only outcomes are printed, with a mark
// (` ✔ Container p-web-1  Started`, ` ✘ ... Error`); otherwise every step as the plain mode does
// (` Container p-web-1  Starting`, then `  Started`).

export type ResourceKind = 'Network' | 'Volume' | 'Container' | 'Image';

export interface Progress {
  /** A step under way (Creating, Starting, Waiting ...); printed in plain mode only. */
  working(kind: ResourceKind, name: string, status: string): void;
  /** A finished step (Created, Started, Running, Healthy ...). */
  done(kind: ResourceKind, name: string, status: string): void;
  /** A failed step; `status` is docker's short text ("Error", "Unhealthy"). */
  failed(kind: ResourceKind, name: string, status: string): void;
  /** A free-form warning line. */
  warn(text: string): void;
}

/** Progress on `write` (stderr): marks on a terminal, plain lines otherwise; `quiet` prints nothing. */
export function progressWriter(write: (text: string) => void, tty: boolean, quiet = false): Progress {
  if (quiet) return { working: () => undefined, done: () => undefined, failed: () => undefined, warn: (t) => write(`WARN[0000] ${t}\n`) };
  const line = (mark: string, kind: ResourceKind, name: string, status: string): void => write(`${mark}${kind} ${name}  ${status}\n`);
  return {
    working: (k, n, s) => { if (!tty) line(' ', k, n, s); },
    done: (k, n, s) => line(tty ? ' \u2714 ' : ' ', k, n, s),
    failed: (k, n, s) => line(tty ? ' \u2718 ' : ' ', k, n, s),
    warn: (t) => write(`WARN[0000] ${t}\n`),
  };
}

/** A Progress that records lines (tests). */
export function recordingProgress(lines: string[]): Progress {
  return {
    working: (k, n, s) => lines.push(`${k} ${n} ${s}`),
    done: (k, n, s) => lines.push(`${k} ${n} ${s}`),
    failed: (k, n, s) => lines.push(`${k} ${n} ${s}!`),
    warn: (t) => lines.push(`WARN ${t}`),
  };
}
