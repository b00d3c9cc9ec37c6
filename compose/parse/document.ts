// The parse stage: YAML text in, plain trees out (one per YAML document).
import { readFast } from './fast-block';
import { readWithLibrary } from './library';
import type { ParsedDocument, Pos } from './source';
import { Unsupported } from './source';

/** Parses a compose file's documents; the fast reader handles common files, the library the rest. */
export function parseYaml(text: string, file: string): ParsedDocument[] {
  return read(text, file, false);
}

/** Source positions of every key and list item, per document: only computed when reporting errors. */
export function positionsOf(text: string, file: string): Map<string, Pos>[] {
  try {
    return read(text, file, true).map((d) => d.positions);
  } catch {
    return [];
  }
}

function read(text: string, file: string, track: boolean): ParsedDocument[] {
  try {
    return readFast(text, track);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw withFile(err, file);
  }
  return readWithLibrary(text, file);
}

function withFile(err: unknown, file: string): unknown {
  if (err && typeof err === 'object' && 'locate' in err && typeof err.locate === 'function') err.locate(file);
  return err;
}

export type { ParsedDocument, Pos, ResetMark } from './source';
