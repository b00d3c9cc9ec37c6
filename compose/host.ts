// Side effects the loader needs, passed in so that loading stays pure and tests use fakes.

/** File access, environment and working directory, as the loader sees them. */
export interface ComposeHost {
  /** UTF-8 text of a file; throws if it cannot be read. */
  readFile(path: string): string;
  /** What is at `path`: a file, a directory, or nothing. */
  exists(path: string): 'file' | 'directory' | undefined;
  /** The process environment (the "shell" environment compose gives precedence to). */
  env(): Readonly<Record<string, string | undefined>>;
  /** Absolute current directory; relative `-f`, `--env-file` and `--project-directory` use it. */
  cwd(): string;
}
