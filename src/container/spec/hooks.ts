// OCI hooks (nerdts's own createRuntime/postStop entries for networking) and annotations
// (--annotation, plus the nerdctl/* labels the hook reads from the runtime state).
import { posix } from 'node:path';
import { NerdtsError } from '../../errors';
import type { Hook, Hooks, Spec } from './types';

export type HookStage = keyof Hooks;

/** Appends hooks per stage; paths must be absolute (runc executes them without a PATH search). */
export function withHooks(spec: Spec, hooks: Partial<Record<HookStage, readonly Hook[]>>): void {
  for (const [stage, list] of Object.entries(hooks) as Array<[HookStage, readonly Hook[] | undefined]>) {
    if (!list?.length) continue;
    for (const hook of list) {
      if (!posix.isAbsolute(hook.path)) {
        throw new NerdtsError('invalid-argument', `hook path must be absolute: ${JSON.stringify(hook.path)}`);
      }
    }
    const target = ((spec.hooks ??= {})[stage] ??= []);
    target.push(...list.map((h) => copyHook(h)));
  }
}

function copyHook(hook: Hook): Hook {
  const out: Hook = { path: hook.path };
  if (hook.args) out.args = [...hook.args];
  if (hook.env) out.env = [...hook.env];
  if (hook.timeout !== undefined) out.timeout = hook.timeout;
  return out;
}

/** Parses --annotation "key=value" values ("key" alone gives an empty value). */
export function parseAnnotations(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const key = eq === -1 ? v : v.slice(0, eq);
    if (key === '') throw new NerdtsError('invalid-argument', `invalid annotation: ${JSON.stringify(v)}`);
    out[key] = eq === -1 ? '' : v.slice(eq + 1);
  }
  return out;
}

/** Merges annotations into the spec (later keys win). */
export function withAnnotations(spec: Spec, annotations: Readonly<Record<string, string>>): void {
  if (Object.keys(annotations).length === 0) return;
  spec.annotations = { ...(spec.annotations ?? {}), ...annotations };
}
