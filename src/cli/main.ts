// Entry point (dist/nerdts.js). The only place that prints errors and ends the process.
import { existsSync, readFileSync } from 'node:fs';
import { loadChunk } from './chunks';
import { dispatch, type DispatchState } from './dispatch';
import { reportError } from './error-report';
import { processIO, writeAll } from './io';

/** A missing file is the common case: test first, since a thrown ENOENT costs ~0.3 ms. */
function readTextFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Runs one command line (the words after `nerdts`) and exits with its status. */
export async function runCli(argv: string[]): Promise<void> {
  const env = process.env;
  const state: DispatchState = { debug: argv.includes('--debug') };
  let code: number;
  try {
    code = await dispatch(argv, { env, io: processIO(env), readFile: readTextFile, exists: existsSync, loadChunk }, state);
  } catch (err) {
    const report = reportError(err, state);
    try {
      if (report.text) writeAll(2, report.text);
    } catch { /* stderr is gone: nothing left to tell */ }
    code = report.exitCode;
  }
  // Exit now: waiting for the event loop to drain costs time and every command is done by here.
  process.exit(code);
}

