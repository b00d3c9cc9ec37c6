// docker cp's path rules (pure): a trailing "/." copies a directory's contents, an existing
// directory destination receives the source under its base name, a missing destination becomes
// the copy, and a missing parent or a directory onto a file is an error.
import { posix } from 'node:path';
import { NerdtsError, invalidArgument } from '../../errors';

export type EntryKind = 'dir' | 'file';

export interface CopyPlanInput {
  /** The source path as the user typed it. */
  source: string;
  sourceKind: EntryKind;
  /** The destination path as the user typed it. */
  destination: string;
  /** The destination's kind, undefined when it does not exist. */
  destinationKind?: EntryKind;
}

export interface CopyPlan {
  /** Where the copy goes, in the destination's path space. */
  target: string;
  /** Copy the source directory's entries into `target` rather than the directory itself. */
  contentsOnly: boolean;
  /** The parent of `target` must exist as a directory (a new entry is made in it). */
  needsParent: boolean;
}

const endsWithDot = (p: string): boolean => p === '.' || p.endsWith('/.');
const endsWithSep = (p: string): boolean => p.endsWith('/') || endsWithDot(p);

/** The base name docker gives the copy ("/a/b/" -> "b"). */
export function sourceBase(source: string): string {
  const trimmed = source.replace(/\/+$/, '');
  return posix.basename(trimmed) || '/';
}

/** Applies docker's rules; throws docker's error texts. */
export function planCopy(i: CopyPlanInput): CopyPlan {
  if (endsWithSep(i.source) && i.sourceKind !== 'dir') throw invalidArgument(`${i.source}: not a directory`);
  const contentsOnly = i.sourceKind === 'dir' && endsWithDot(i.source);
  if (i.destinationKind === 'dir') {
    if (contentsOnly) return { target: i.destination, contentsOnly: true, needsParent: false };
    return { target: posix.join(i.destination, sourceBase(i.source)), contentsOnly: false, needsParent: false };
  }
  if (i.destinationKind === 'file') {
    if (i.sourceKind === 'dir') throw invalidArgument(`cannot copy a directory to a file: ${i.destination}`);
    return { target: i.destination, contentsOnly: false, needsParent: false };
  }
  if (endsWithSep(i.destination) && i.sourceKind === 'file') {
    throw new NerdtsError('not-found', `destination directory ${i.destination} does not exist`);
  }
  return { target: i.destination.replace(/(.)\/+\.?$/, '$1'), contentsOnly, needsParent: true };
}

/** Splits docker cp's "CONTAINER:PATH" argument; undefined for a local path. */
export function splitContainerPath(arg: string): { container: string; path: string } | undefined {
  if (arg.startsWith('/') || arg.startsWith('.')) return undefined;
  const colon = arg.indexOf(':');
  if (colon <= 0) return undefined;
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}
