// Project names: precedence (-p, COMPOSE_PROJECT_NAME, `name:`, directory) and normalization.
import { ComposeError } from '../errors';

/** Lowercase, only [a-z0-9_-], no leading `_` or `-` (compose-go NormalizeProjectName). */
export function normalizeProjectName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/** Names given on the command line or in the environment are checked, not rewritten. */
export function checkProjectName(name: string): string {
  if (normalizeProjectName(name) !== name) {
    throw new ComposeError(`invalid project name "${name}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`);
  }
  return name;
}
