// Relative paths become absolute against the project (or extended/included file's) directory,
// and `~` expands to the home directory (compose-go paths/resolve.go).
import { posix } from 'node:path';
import { ComposeError } from '../errors';
import type { Node, NodeMap, RuleCursor } from '../tree';
import { PathRules, isMap } from '../tree';

interface Resolver { base: string; home: string | undefined }
type Rule = (v: Node, r: Resolver) => Node;

/** `~/x` -> `$HOME/x`, then relative -> `base/x` (cleaned). */
export function absolutePath(p: string, base: string, home: string | undefined): string {
  if (p.startsWith('~') && home !== undefined) p = posix.join(home, p.slice(1));
  if (p === '' || posix.isAbsolute(p) || isWindowsAbs(p)) return p;
  return posix.join(base, p);
}

function isWindowsAbs(p: string): boolean {
  return /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

const absPath: Rule = (v, r) => (typeof v === 'string' ? absolutePath(v, r.base, r.home) : Array.isArray(v) ? v.map((e) => absPath(e, r)) : v);

const REMOTE = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];
const contextPath: Rule = (v, r) => {
  if (typeof v !== 'string' || v.includes('://') || v.startsWith('service:') || REMOTE.some((p) => v.startsWith(p))) return v;
  return absolutePath(v, r.base, r.home);
};

const volumeMount: Rule = (v, r) => {
  if (!isMap(v) || v.type !== 'bind') return v;
  if (typeof v.source !== 'string') throw new ComposeError('invalid mount config for type "bind": field Source must not be empty');
  v.source = absolutePath(v.source, r.base, r.home);
  return v;
};

/** A `local` volume with `o: bind` is really a bind mount: its device is a host path. */
const volumeDriverOpts: Rule = (v, r) => {
  if (!isMap(v) || v.driver !== 'local' || !isMap(v.driver_opts)) return v;
  const opts = v.driver_opts;
  if (opts.o === 'bind' && typeof opts.device === 'string') opts.device = absolutePath(opts.device, r.base, r.home);
  return v;
};

const RULES = new PathRules<Rule>({
  'services.*.build.context': contextPath,
  'services.*.build.additional_contexts.*': contextPath,
  'services.*.build.ssh.*': absPath,
  'services.*.env_file.[].path': absPath,
  'services.*.label_file.[]': absPath,
  'services.*.extends.file': absPath,
  'services.*.develop.watch.[].path': absPath,
  'services.*.volumes.[]': volumeMount,
  'configs.*.file': absPath,
  'secrets.*.file': absPath,
  'volumes.*': volumeDriverOpts,
});

/** Makes the model's relative paths absolute against `base`, in place. */
export function resolveRelativePaths(root: NodeMap, base: string, home: string | undefined): void {
  walk(root, RULES.start(), { base, home });
}

function walk(m: NodeMap | Node[], cur: RuleCursor<Rule>, r: Resolver): void {
  if (Array.isArray(m)) {
    for (let i = 0; i < m.length; i++) walkEntry(m, i, cur, r);
    return;
  }
  const keys = Object.keys(m);
  for (let i = 0; i < keys.length; i++) walkEntry(m, keys[i]!, cur, r);
}

function walkEntry(parent: NodeMap | Node[], k: string | number, cur: RuleCursor<Rule>, r: Resolver): void {
  const next = RULES.step(cur, k);
  if (next.length === 0) return;
  const rule = RULES.rule(next);
  const m = parent as unknown as Record<string | number, Node>;
  if (rule) m[k] = rule(m[k]!, r);
  const v = m[k]!;
  if (isMap(v) || Array.isArray(v)) walk(v, next, r);
}
