// Named build contexts (`--build-context name=value`, compose `build.additional_contexts`): a
// name that `FROM name` and `COPY --from=name` (and RUN --mount from=name) resolve before stages
// and images, as buildx does. A value is a local directory or `docker-image://<reference>`.
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { NerdtsError } from '../errors';
import { openContext } from './context';
import type { BuildContext } from './context';

export type NamedContext = { kind: 'dir'; context: BuildContext } | { kind: 'image'; ref: string };

const IMAGE_SCHEME = 'docker-image://';

/** `name=value` flags as a map (the last one of a name wins). */
export function parseBuildContextFlags(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) {
      throw new NerdtsError('invalid-argument', `invalid --build-context value "${v}"`, { hint: 'use name=path or name=docker-image://reference' });
    }
    out[v.slice(0, eq).toLowerCase()] = v.slice(eq + 1);
  }
  return out;
}

/** Opens each named context; `cwd` resolves relative directories. */
export function openNamedContexts(values: Readonly<Record<string, string>>, cwd: string,
  read: (p: string) => string | undefined): Map<string, NamedContext> {
  const out = new Map<string, NamedContext>();
  for (const [name, value] of Object.entries(values)) {
    if (value.startsWith(IMAGE_SCHEME)) {
      out.set(name.toLowerCase(), { kind: 'image', ref: value.slice(IMAGE_SCHEME.length) });
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('service:')) {
      throw new NerdtsError('unimplemented', `build context "${name}": "${value}" is not supported`, { hint: 'use a local directory or docker-image://<reference>' });
    }
    const dir = isAbsolute(value) ? value : resolve(cwd, value);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new NerdtsError('invalid-argument', `build context "${name}": ${dir} is not a directory`);
    }
    out.set(name.toLowerCase(), { kind: 'dir', context: openContext(dir, undefined, read) });
  }
  return out;
}
