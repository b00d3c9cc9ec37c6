// Consistency of the typed project (compose-go loader/validate.go checkConsistency): references to
// undefined services, networks, volumes, secrets and configs, exclusive attributes, cycles.
import { ComposeError } from '../errors';
import { findCycle } from '../graph';
import type { Project, Service } from '../model/types';

type Parts = Pick<Project, 'services' | 'disabledServices' | 'networks' | 'volumes' | 'secrets' | 'configs' | 'models'>;

function fail(path: string, reason: string): never {
  throw new ComposeError(reason, { path });
}

function checkReferences(s: Service, p: Parts): void {
  const at = `services.${s.name}`;
  for (const n of Object.keys(s.networks ?? {})) if (!Object.hasOwn(p.networks, n)) fail(`${at}.networks.${n}`, `service "${s.name}" refers to undefined network ${n}`);
  (s.volumes ?? []).forEach((v, i) => {
    if (v.type === 'volume' && v.source && !Object.hasOwn(p.volumes, v.source)) fail(`${at}.volumes[${i}]`, `service "${s.name}" refers to undefined volume ${v.source}`);
  });
  (s.secrets ?? []).forEach((r, i) => { if (!Object.hasOwn(p.secrets, r.source)) fail(`${at}.secrets[${i}]`, `service "${s.name}" refers to undefined secret ${r.source}`); });
  (s.build?.secrets ?? []).forEach((r, i) => { if (!Object.hasOwn(p.secrets, r.source)) fail(`${at}.build.secrets[${i}]`, `service "${s.name}" refers to undefined build secret ${r.source}`); });
  (s.configs ?? []).forEach((r, i) => { if (!Object.hasOwn(p.configs, r.source)) fail(`${at}.configs[${i}]`, `service "${s.name}" refers to undefined config ${r.source}`); });
  for (const m of Object.keys(s.models ?? {})) if (!Object.hasOwn(p.models, m)) fail(`${at}.models.${m}`, `service "${s.name}" refers to undefined model ${m}`);
}

function checkDependencies(s: Service, p: Parts): void {
  for (const [dep, d] of Object.entries(s.depends_on ?? {})) {
    if (Object.hasOwn(p.services, dep)) continue;
    const off = Object.hasOwn(p.disabledServices, dep) ? p.disabledServices[dep] : undefined;
    if (off && !d.required) continue;
    if (off) fail(`services.${s.name}.depends_on.${dep}`, `service "${s.name}" depends on service "${dep}", which is disabled: enable one of its profiles (${(off.profiles ?? []).join(', ')})`);
    fail(`services.${s.name}.depends_on.${dep}`, `service "${s.name}" depends on undefined service "${dep}"`);
  }
  const ref = s.network_mode?.startsWith('service:') ? s.network_mode.slice(8) : undefined;
  if (ref !== undefined && !Object.hasOwn(p.services, ref)) fail(`services.${s.name}.network_mode`, `service "${ref}" not found for network_mode 'service:${ref}'`);
}

function checkBuild(s: Service, p: Parts): void {
  const at = `services.${s.name}`;
  if (!s.build && !s.image && !s.provider) fail(at, `service "${s.name}" has neither an image nor a build context specified`);
  if (!s.build) return;
  if (s.build.dockerfile_inline && s.build.dockerfile) fail(`${at}.build`, `service "${s.name}" declares mutually exclusive dockerfile and dockerfile_inline`);
  for (const [name, c] of Object.entries(s.build.additional_contexts ?? {})) {
    if (!c.startsWith('service:')) continue;
    const target = p.services[c.slice(8)];
    if (!target) fail(`${at}.build.additional_contexts.${name}`, `service "${s.name}" declares unknown service "${c.slice(8)}" as additional contexts ${name}`);
    if (!target.build) fail(`${at}.build.additional_contexts.${name}`, `service "${s.name}" declares non-buildable service "${c.slice(8)}" as additional contexts ${name}`);
  }
  if (s.build.platforms?.length && s.platform && !s.build.platforms.includes(s.platform)) {
    fail(`${at}.build.platforms`, `service.build.platforms MUST include service.platform "${s.platform}"`);
  }
}

function checkLimits(s: Service): void {
  const at = `services.${s.name}`;
  const limits = s.deploy?.resources?.limits;
  if (s.scale !== undefined && s.deploy?.replicas !== undefined && s.scale !== s.deploy.replicas) fail(at, "can't set distinct values on 'scale' and 'deploy.replicas'");
  if (s.scale !== undefined && s.scale < 0) fail(`${at}.scale`, 'must be greater than or equal to 0');
  if (s.deploy?.replicas !== undefined && s.deploy.replicas < 0) fail(`${at}.deploy.replicas`, 'must be greater than or equal to 0');
  if (s.cpus && limits?.cpus !== undefined && limits.cpus !== s.cpus) fail(at, "can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'");
  if (s.mem_limit && limits?.memory !== undefined && limits.memory !== s.mem_limit) fail(at, "can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'");
  const res = s.deploy?.resources?.reservations;
  if (s.mem_reservation && res?.memory !== undefined && res.memory !== s.mem_reservation) fail(at, "can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'");
  if (s.pids_limit && limits?.pids !== undefined && limits.pids !== s.pids_limit) fail(at, "can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'");
  const scale = s.scale ?? s.deploy?.replicas ?? 1;
  if (scale > 1 && s.container_name) {
    fail(`${at}.container_name`, `can't set container_name and ${s.scale !== undefined ? 'scale' : 'deploy.replicas'} > 1 as container names must be unique`);
  }
}

function checkMounts(s: Service): void {
  const at = `services.${s.name}`;
  const mounts = new Map<string, string>();
  (s.tmpfs ?? []).forEach((t, i) => {
    const target = t.split(':')[0]!;
    const prev = mounts.get(target);
    if (prev) fail(`${at}.tmpfs[${i}]`, `target ${target} already mounted as ${prev}`);
    mounts.set(target, `${at}.tmpfs[${i}]`);
  });
  (s.volumes ?? []).forEach((v, i) => {
    const prev = mounts.get(v.target);
    if (prev) fail(`${at}.volumes[${i}]`, `target ${v.target} already mounted as ${prev}`);
    mounts.set(v.target, `${at}.volumes[${i}]`);
  });
}

function checkService(s: Service, p: Parts): void {
  checkBuild(s, p);
  if (s.network_mode && Object.keys(s.networks ?? {}).length > 0) fail(`services.${s.name}.network_mode`, `service ${s.name} declares mutually exclusive \`network_mode\` and \`networks\``);
  const test = s.healthcheck?.test;
  if (test && test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0]!)) {
    fail(`services.${s.name}.healthcheck.test`, 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"');
  }
  checkReferences(s, p);
  checkDependencies(s, p);
  checkLimits(s);
  checkMounts(s);
}

/** Throws on the first inconsistency of the enabled services and their references. */
export function checkConsistency(p: Parts): void {
  for (const name of Object.keys(p.services).sort()) checkService(p.services[name]!, p);
  const names = new Map<string, string>();
  for (const name of Object.keys(p.services).sort()) {
    const cn = p.services[name]!.container_name;
    if (!cn) continue;
    const other = names.get(cn);
    if (other) fail(`services.${name}.container_name`, `container name "${cn}" is already in use by service ${other}`);
    names.set(cn, name);
  }
  for (const [name, secret] of Object.entries(p.secrets)) {
    if (!secret.external && secret.file === undefined && secret.environment === undefined && secret.driver === undefined) {
      fail(`secrets.${name}`, `secret "${name}" must declare either \`file\` or \`environment\``);
    }
  }
  const cycle = findCycle(p.services);
  if (cycle) throw new ComposeError(`dependency cycle detected: ${cycle}`, { path: `services.${cycle.split(' -> ')[0]}.depends_on` });
}
