// Profiles, service selection and pruning of unused resources (compose-go types/project.go).
import { ComposeError } from '../errors';
import type { Project, Service } from './types';

type Services = Record<string, Service>;

/** Services without profiles are always on; `*` enables every profile. */
export function hasProfile(s: Service, profiles: readonly string[]): boolean {
  if (!s.profiles || s.profiles.length === 0) return true;
  return profiles.some((p) => p === '*' || s.profiles!.includes(p));
}

/** Splits services into those enabled by `profiles` and the others. */
export function splitByProfiles(all: Services, profiles: readonly string[]): { enabled: Services; disabled: Services } {
  const enabled: Services = {};
  const disabled: Services = {};
  for (const [name, s] of Object.entries(all)) (hasProfile(s, profiles) ? enabled : disabled)[name] = s;
  return { enabled, disabled };
}

/** Profiles to add so that explicitly named (disabled) services are enabled. */
export function profilesFor(names: readonly string[], disabled: Services): string[] {
  const out: string[] = [];
  for (const n of names) if (Object.hasOwn(disabled, n)) out.push(...(disabled[n]!.profiles ?? []));
  return out;
}

/** Go's filepath.Match for service name patterns (`web*`, `db?`, `[ab]pp`). */
function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      re += `[${pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Keeps the named services and, transitively, their dependencies; the rest become disabled. */
export function selectServices(enabled: Services, disabled: Services, names: readonly string[]): { enabled: Services; disabled: Services } {
  if (names.length === 0) return { enabled, disabled };
  const keep = new Set<string>();
  const visit = (pattern: string, required: boolean): void => {
    const re = globRegExp(pattern);
    const matched = Object.keys(enabled).filter((n) => re.test(n));
    if (matched.length === 0) {
      if (required) throw new ComposeError(`no such service: ${pattern}`, {}, { kind: 'not-found' });
      return;
    }
    for (const n of matched) {
      if (keep.has(n)) continue;
      keep.add(n);
      for (const [dep, d] of Object.entries(enabled[n]!.depends_on ?? {})) visit(dep, d.required);
    }
  };
  for (const n of names) visit(n, true);
  const outEnabled: Services = {};
  const outDisabled: Services = { ...disabled };
  for (const [n, s] of Object.entries(enabled)) {
    if (!keep.has(n)) { outDisabled[n] = s; continue; }
    if (s.depends_on) for (const dep of Object.keys(s.depends_on)) if (!keep.has(dep)) delete s.depends_on[dep];
    outEnabled[n] = s;
  }
  return { enabled: outEnabled, disabled: outDisabled };
}

/** Drops networks, volumes, secrets, configs and models that no enabled service uses. */
export function pruneResources(p: Pick<Project, 'services' | 'networks' | 'volumes' | 'secrets' | 'configs' | 'models'>): void {
  const used = { networks: new Set<string>(), volumes: new Set<string>(), secrets: new Set<string>(), configs: new Set<string>(), models: new Set<string>() };
  for (const s of Object.values(p.services)) {
    for (const n of Object.keys(s.networks ?? {})) used.networks.add(n);
    for (const v of s.volumes ?? []) if (v.type === 'volume' && v.source) used.volumes.add(v.source);
    for (const r of [...(s.secrets ?? []), ...(s.build?.secrets ?? [])]) used.secrets.add(r.source);
    for (const r of s.configs ?? []) used.configs.add(r.source);
    for (const m of Object.keys(s.models ?? {})) used.models.add(m);
  }
  for (const key of ['networks', 'volumes', 'secrets', 'configs', 'models'] as const) {
    const defs = p[key] as Record<string, unknown>;
    for (const name of Object.keys(defs)) if (!used[key].has(name)) delete defs[name];
  }
}
