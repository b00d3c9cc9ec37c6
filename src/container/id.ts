// Container IDs (64 hex, like docker and nerdctl) and nerdctl's default names.
import { posix } from 'node:path';
import { parseNamedReference } from '../image/reference';

/** docker's short ID length. */
export const SHORT_ID_LENGTH = 12;

export const shortId = (id: string): string => id.slice(0, SHORT_ID_LENGTH);

/** nerdctl's default name: the last path element of the image repository, "-", 5 hex of the ID. */
export function defaultContainerName(imageName: string, id: string): string {
  let base = 'untitled';
  try {
    base = posix.basename(parseNamedReference(imageName).path);
  } catch {
    // an image given by ID keeps "untitled"
  }
  return `${base}-${id.slice(0, 5)}`;
}
