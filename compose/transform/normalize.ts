// The normalize stage (compose-go loader/normalize.go + environment.go): the implicit `default`
// network, resource names `<project>_<key>`, implicit depends_on (links, `service:` namespaces,
// volumes_from), bare variable names resolved from the project environment, build defaults.
import { posix } from 'node:path';
import type { Node, NodeMap } from '../tree';
import { isMap } from '../tree';

type Env = Readonly<Record<string, string>>;

function lookup(env: Env, k: string): string | undefined {
  return Object.hasOwn(env, k) ? env[k] : undefined;
}

/** `environment: [FOO]` -> `FOO=<value>` when the project environment has FOO (else kept unset). */
export function resolveBareNames(v: Node, env: Env, keepUnset: boolean): Node {
  if (Array.isArray(v)) {
    const out: Node[] = [];
    for (const e of v) {
      if (typeof e !== 'string' || e.includes('=')) { out.push(e); continue; }
      const val = lookup(env, e);
      if (val !== undefined) out.push(`${e}=${val}`);
      else if (keepUnset) out.push(e);
    }
    return out;
  }
  if (!isMap(v)) return v;
  const out: NodeMap = {};
  for (const k of Object.keys(v)) {
    const val = v[k]!;
    if (val !== null) { out[k] = val; continue; }
    const found = lookup(env, k);
    if (found !== undefined) out[k] = found;
    else if (keepUnset) out[k] = null;
  }
  return out;
}

/** Secrets and configs declared with `environment:` take their content from the project environment. */
export function resolveResourceEnvironment(root: NodeMap, env: Env): void {
  for (const kind of ['secrets', 'configs']) {
    const defs = root[kind];
    if (!isMap(defs)) continue;
    for (const def of Object.values(defs)) {
      if (!isMap(def) || typeof def.environment !== 'string') continue;
      const v = lookup(env, def.environment);
      if (v !== undefined) def.content = v;
    }
  }
}

function implicitDependency(deps: NodeMap, name: string, restart: boolean): void {
  if (!Object.hasOwn(deps, name)) deps[name] = { condition: 'service_started', restart, required: true };
}

function normalizeService(s: NodeMap, env: Env): void {
  if (s.pull_policy === 'if_not_present') s.pull_policy = 'missing';
  if (isMap(s.build)) {
    s.build.context ??= '.';
    if (s.build.dockerfile === undefined && s.build.dockerfile_inline === undefined) s.build.dockerfile = 'Dockerfile';
    if (s.build.args !== undefined) s.build.args = resolveBareNames(s.build.args, env, false);
  }
  if (s.environment !== undefined) s.environment = resolveBareNames(s.environment, env, true);
  const deps: NodeMap = isMap(s.depends_on) ? s.depends_on : {};
  if (Array.isArray(s.links)) {
    for (const l of s.links) { const parts = String(l).split(':'); implicitDependency(deps, parts.length === 2 ? parts[0]! : String(l), true); }
  }
  for (const ns of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const ref = s[ns];
    if (typeof ref === 'string' && ref.startsWith('service:')) implicitDependency(deps, ref.slice(8), true);
  }
  if (Array.isArray(s.volumes)) {
    for (const vol of s.volumes) if (isMap(vol) && typeof vol.target === 'string') vol.target = posix.normalize(vol.target).replace(/(.)\/$/, '$1');
  }
  if (Array.isArray(s.volumes_from)) {
    for (const v of s.volumes_from) if (typeof v === 'string' && !v.startsWith('container:')) implicitDependency(deps, v.split(':')[0]!, false);
  }
  if (Object.keys(deps).length > 0) s.depends_on = deps;
  if (Array.isArray(s.pre_start) && typeof s.image === 'string' && s.image !== '') {
    for (const h of s.pre_start) if (isMap(h)) h.image ??= s.image;
  }
}

/** Adds `default` to services without networks (and to top-level networks when used). */
function normalizeNetworks(root: NodeMap): void {
  const networks: NodeMap = isMap(root.networks) ? root.networks : {};
  let usesDefault = false;
  const services = isMap(root.services) ? root.services : {};
  for (const s of Object.values(services)) {
    if (!isMap(s) || s.provider !== undefined || s.network_mode !== undefined) continue;
    if (!isMap(s.networks) || Object.keys(s.networks).length === 0) { s.networks = { default: null }; usesDefault = true; }
    else if (Object.hasOwn(s.networks, 'default')) usesDefault = true;
  }
  if (usesDefault && !Object.hasOwn(networks, 'default')) networks.default = null;
  if (Object.keys(networks).length > 0) root.networks = networks;
}

/** Resources without an explicit name are named `<project>_<key>` (external ones: the key). */
function setNamesFromKeys(root: NodeMap, project: string): void {
  for (const kind of ['networks', 'volumes', 'configs', 'secrets']) {
    const defs = root[kind];
    if (!isMap(defs)) continue;
    for (const [key, def] of Object.entries(defs)) {
      const r: NodeMap = isMap(def) ? def : {};
      if (r.name === undefined || r.name === null) r.name = r.external === true ? key : `${project}_${key}`;
      defs[key] = r;
    }
  }
}

/** Normalizes a merged model in place for project `name`. */
export function normalizeModel(root: NodeMap, name: string, env: Env): void {
  normalizeNetworks(root);
  const services = root.services;
  if (isMap(services)) for (const s of Object.values(services)) if (isMap(s)) normalizeService(s, env);
  setNamesFromKeys(root, name);
}
