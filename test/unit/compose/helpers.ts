// Shared helpers for the compose loader tests.
import assert from 'node:assert/strict';
import type { ComposeError, LoadOptions, Project } from '../../../compose/index';
import { isComposeError, loadProject } from '../../../compose/index';
import type { MemoryHost } from './memory-host';
import { memoryHost } from './memory-host';

export interface Setup {
  files?: Record<string, string>;
  env?: Record<string, string>;
  cwd?: string;
  options?: LoadOptions;
}

/** Loads `/project/compose.yaml` (plus any other files) from memory. */
export function load(yaml: string, setup: Setup = {}): Project {
  const host = memoryHost({ '/project/compose.yaml': yaml, ...(setup.files ?? {}) }, { env: setup.env, cwd: setup.cwd });
  return loadProject(setup.options ?? {}, host);
}

export function loadWith(host: MemoryHost, options: LoadOptions = {}): Project {
  return loadProject(options, host);
}

/** The ComposeError that loading throws. */
export function loadError(yaml: string, setup: Setup = {}): ComposeError {
  try {
    load(yaml, setup);
  } catch (err) {
    if (isComposeError(err)) return err;
    throw err;
  }
  return assert.fail('expected a ComposeError');
}

/** A compose file with one service `web` whose extra attributes are `body` (YAML lines). */
export function webService(body: string, extra = ''): string {
  const indented = body.split('\n').map((l) => (l === '' ? l : `    ${l}`)).join('\n');
  return `services:\n  web:\n    image: nginx\n${indented}\n${extra}`;
}
