// The logger lock `<state-dir>/logger-lock`. nerdctl's logger holds flock(LOCK_EX) on it while it
// runs and `logs -f` waits for that lock. Node has no flock, so the nerdts logger writes
// "<pid> <starttime>\n" into the file (starttime: field 22 of /proc/<pid>/stat, which tells a live
// logger from a recycled pid) and keeps it open until it exits. A reader calls the logger alive
// while that process exists and is not a zombie; for a file written by nerdctl (empty), it looks
// for a FLOCK on the file's inode in /proc/locks instead.
import * as fs from 'node:fs';

/** The /proc and file reads liveness checks need; real by default, faked in tests. */
export interface ProcReader {
  /** File text, undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** Device and inode of a path, undefined when missing. */
  inode(path: string): { dev: number; ino: number } | undefined;
}

export const realProc: ProcReader = {
  readText(path) {
    try {
      return fs.readFileSync(path, 'latin1');
    } catch {
      return undefined;
    }
  },
  inode(path) {
    try {
      const st = fs.statSync(path);
      return { dev: st.dev, ino: st.ino };
    } catch {
      return undefined;
    }
  },
};

/** A process's start time (clock ticks since boot) and liveness from /proc/<pid>/stat. */
export function processStart(pid: number, proc: ProcReader = realProc): { start: string; alive: boolean } | undefined {
  const text = proc.readText(`/proc/${pid}/stat`);
  if (!text) return undefined;
  // comm (field 2) may hold spaces and parentheses: fields resume after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  if (!state || !start) return undefined;
  return { start, alive: state !== 'Z' && state !== 'X' };
}

/** True while the logger recorded in `lockPath` (by nerdts or nerdctl) is still running. */
export function isLoggerAlive(lockPath: string, proc: ProcReader = realProc): boolean {
  const text = proc.readText(lockPath);
  if (text === undefined) return false;
  const pid = livePid(text, proc);
  return pid === undefined ? hasFlock(lockPath, proc) : pid > 0;
}

/**
 * The pid a "<pid> <start>" file (a nerdts logger lock, a release claim) names while that very
 * process runs; undefined once it ended, or for other text (nerdctl's lock).
 */
export function recordedPid(file: string, proc: ProcReader = realProc): number | undefined {
  const pid = livePid(proc.readText(file) ?? '', proc);
  return pid !== undefined && pid > 0 ? pid : undefined;
}

// nerdts's lock text "<pid> <start>": the pid while that very process runs, 0 once it ended;
// undefined for other text (nerdctl's logger holds a flock instead).
function livePid(text: string, proc: ProcReader): number | undefined {
  const m = /^(\d+) (\d+)\n?$/.exec(text);
  if (!m) return undefined;
  const p = processStart(Number(m[1]), proc);
  return p !== undefined && p.alive && p.start === m[2] ? Number(m[1]) : 0;
}

// /proc/locks lines: "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF" (major:minor in hex).
function hasFlock(lockPath: string, proc: ProcReader): boolean {
  const id = proc.inode(lockPath);
  const locks = id && proc.readText('/proc/locks');
  if (!id || !locks) return false;
  const major = Math.floor(id.dev / 256) & 0xfff;
  const minor = (id.dev & 0xff) | (Math.floor(id.dev / 4096) & 0xfff00);
  const key = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}:${id.ino}`;
  return locks.split('\n').some((line) => /\bFLOCK\b/.test(line) && line.split(/\s+/).includes(key));
}

/** The lock held by a running logger; release() closes it (the file stays, as with nerdctl). */
export interface LoggerLock {
  release(): void;
}

/** "<pid> <start>\n": names one process, not a later one that reuses its pid (see recordedPid). */
export function processRecord(pid: number = process.pid, proc: ProcReader = realProc): string {
  return `${pid} ${processStart(pid, proc)?.start ?? '0'}\n`;
}

/** Writes our pid and start time into the lock file and keeps it open. */
export function holdLoggerLock(lockPath: string, pid: number = process.pid, proc: ProcReader = realProc): LoggerLock {
  const fd = fs.openSync(lockPath, 'w', 0o600);
  fs.writeSync(fd, processRecord(pid, proc));
  let open = true;
  return {
    release() {
      if (!open) return;
      open = false;
      fs.closeSync(fd);
    },
  };
}

/**
 * Waits (polling every `pollMs`, up to `maxMs`) while the logger holding `lockPath` runs: a restarted
 * task's logger waits for the previous one (as nerdctl's blocks on the flock, so new output lands
 * after the old), and removal waits for the logger's network release at exit.
 */
export async function waitForLoggerEnd(lockPath: string, maxMs: number, pollMs = 50, proc: ProcReader = realProc,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<void> {
  for (let waited = 0; waited < maxMs && isLoggerAlive(lockPath, proc); waited += pollMs) await sleep(pollMs);
}
