// The log relay's rendezvous in /run (see relay.ts for the design, bin/log-stub.sh for the other
// side). Kept apart from relay.ts so the per-container logger can tidy a stale launch marker
// without loading the relay.
//   relay.pid  "<pid> <start>" of the running relay (lock.ts's process record), made with link(2)
//   requests   FIFO: one line per message from the stubs (written in one write, so never interleaved)
//   hold       FIFO the relay keeps open: a stub blocked reading it sees EOF once the relay is gone
//   launch     made (noclobber) by the stub that starts a relay, removed by that relay
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processRecord, recordedPid } from './lock';

export const RELAY_DIR = '/run/nerdts/log-relay';
// A launch marker older than this with no relay running means the launch failed.
const STALE_LAUNCH_MS = 10_000;

export interface RelayFiles {
  dir: string;
  pidFile: string;
  requests: string;
  hold: string;
  launch: string;
}

/** The relay's files under `dir`. */
export function relayFiles(dir: string = RELAY_DIR): RelayFiles {
  return {
    dir,
    pidFile: path.join(dir, 'relay.pid'),
    requests: path.join(dir, 'requests'),
    hold: path.join(dir, 'hold'),
    launch: path.join(dir, 'launch'),
  };
}

/** Names this process the relay; false when a live relay holds the role. */
export function claimRelay(files: RelayFiles): boolean {
  const tmp = `${files.pidFile}.${process.pid}`;
  fs.writeFileSync(tmp, processRecord(), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(tmp, files.pidFile);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (recordedPid(files.pidFile) !== undefined) return false;
      // A relay that died without tidying: its record goes, link(2) decides between claimants.
      try { fs.unlinkSync(files.pidFile); } catch { /* another claimant removed it */ }
    }
    return false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Gives the role up (new stubs then start another relay); true when the record was ours. */
export function releaseRelay(files: RelayFiles): boolean {
  if (recordedPid(files.pidFile) !== process.pid) return false;
  try {
    fs.unlinkSync(files.pidFile);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes a launch marker whose relay never came up, so a later stub starts one again. Called by
 * the per-container logger, which runs exactly when no relay served its container.
 */
export function clearStaleLaunch(files: RelayFiles = relayFiles(), now: number = Date.now()): void {
  try {
    const st = fs.statSync(files.launch);
    if (now - st.mtimeMs < STALE_LAUNCH_MS || recordedPid(files.pidFile) !== undefined) return;
    fs.unlinkSync(files.launch);
  } catch { /* no marker */ }
}
