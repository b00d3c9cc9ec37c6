// A stopping client can claim a container's network release: the logger then skips it at the
// exit (loading the CNI code costs a logger ~100 ms of CPU; the client has it loaded already) and
// the client detaches once the process is gone. The claim names the client ("pid start", as the
// logger lock does), so a client that died meanwhile claims nothing, and the postStop hook at task
// deletion remains the safety net.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processRecord, recordedPid } from './lock';

const CLAIM_FILE = 'network-release-claim';

/** Claims the release of the container whose state directory is `stateDir`; returns the undo. */
export function claimNetworkRelease(stateDir: string): () => void {
  const file = path.join(stateDir, CLAIM_FILE);
  try {
    fs.writeFileSync(file, processRecord(), { mode: 0o600 });
  } catch {
    return () => undefined; // no claim: the logger releases, as without one
  }
  return () => { try { fs.rmSync(file, { force: true }); } catch { /* gone with the state dir */ } };
}

/** Whether a running client has claimed the release. */
export function networkReleaseClaimed(stateDir: string): boolean {
  return recordedPid(path.join(stateDir, CLAIM_FILE)) !== undefined;
}
