// Reading env files into the project environment (compose-go dotenv.GetEnvFromFile): files are
// read in order, later ones win among themselves, and values may refer to the shell environment.
import { ComposeError } from '../errors';
import type { ComposeHost } from '../host';
import { parseDotEnv, parseRawEnv } from './dotenv';

/** Reads env files; `base` (the shell environment) is consulted first when expanding ${VAR}. */
export function readEnvFiles(files: readonly string[], base: Readonly<Record<string, string>>, host: ComposeHost): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of files) {
    const kind = host.exists(file);
    if (kind === undefined) throw new ComposeError(`couldn't find env file: ${file}`, {}, { kind: 'not-found' });
    if (kind === 'directory') throw new ComposeError(`${file} is a directory`);
    readInto(out, file, host.readFile(file), (k) => (Object.hasOwn(base, k) ? base[k] : undefined), '');
  }
  return out;
}

/** Parses one env file of the given format ('' = .env syntax, 'raw' = KEY=VALUE lines) into `into`. */
export function readInto(into: Record<string, string>, file: string, text: string, lookup: (k: string) => string | undefined, format: string): void {
  try {
    if (format === '' || format === '.env') parseDotEnv(text, lookup, into);
    else if (format === 'raw') parseRawEnv(text, lookup, into);
    else throw new ComposeError(`unsupported env_file format "${format}"`);
  } catch (err) {
    if (err instanceof ComposeError && err.file === undefined) throw new ComposeError(`failed to read ${file}: ${err.reason}`, { file });
    throw err;
  }
}

/** Adds `extra` keys to `env` without overwriting existing ones (the shell always wins). */
export function mergeMissing(env: Record<string, string>, extra: Readonly<Record<string, string>>): void {
  for (const k of Object.keys(extra)) if (!Object.hasOwn(env, k)) env[k] = extra[k]!;
}
