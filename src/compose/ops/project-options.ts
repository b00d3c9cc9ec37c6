// The compose group's flags (-f, -p, --project-directory, --profile, --env-file) as loader options,
// and the one place where the loader's ComposeError becomes a NerdtsError.
import { readFileSync } from 'node:fs';
import type { ComposeWarning, ProjectOptions } from '../../../compose';
import { isComposeError } from '../../../compose';
import { NerdtsError } from '../../errors';
import type { Output } from '../../output';

/** What every compose command receives from the group flags. */
export interface ComposeProjectFlags {
  files: string[];
  projectName?: string;
  projectDirectory?: string;
  profiles: string[];
  envFiles: string[];
}

// docker compose's exit codes for loader failures (pkg/compose metrics categories).
const EXIT_FILE_NOT_FOUND = 14;
const EXIT_PARSE_FAILURE = 15;

/** Loader options from the group flags; `-f -` reads the file from stdin (passed in for tests). */
export function projectOptions(flags: ComposeProjectFlags, readStdin: () => string = () => readFileSync(0, 'utf8')): ProjectOptions {
  return {
    files: flags.files,
    ...(flags.files.includes('-') && { stdin: readStdin() }),
    ...(flags.projectName !== undefined && { projectName: flags.projectName }),
    ...(flags.projectDirectory !== undefined && { projectDirectory: flags.projectDirectory }),
    profiles: flags.profiles,
    envFiles: flags.envFiles,
  };
}

/** ComposeError -> NerdtsError with docker compose's exit codes (14 missing file, 15 invalid); others pass. */
export function toNerdtsError(err: unknown): unknown {
  if (!isComposeError(err)) return err;
  const missing = err.kind === 'not-found';
  return new NerdtsError(missing ? 'not-found' : 'invalid-argument', err.message, {
    cause: err, exitCode: missing ? EXIT_FILE_NOT_FOUND : EXIT_PARSE_FAILURE, ...(err.hint !== undefined && { hint: err.hint }),
  });
}

/** Runs a loader call, translating its errors. */
export function withComposeErrors<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    throw toNerdtsError(err);
  }
}

/** Prints loader warnings as docker compose's logrus lines (`WARN[0000] ...`) on stderr. */
export function printWarnings(warnings: readonly ComposeWarning[], io: Pick<Output, 'err'>): void {
  for (const w of warnings) io.err(`WARN[0000] ${w.message}\n`);
}
