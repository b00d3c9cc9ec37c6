// The per-service config hash docker compose stores in the com.docker.compose.config-hash label:
// sha256 (hex) of the service's compact JSON (Go struct order, HTML-safe escaping) with the
// attributes that must not force a recreate left out: build, pull_policy, scale,
// deploy.replicas, depends_on and profiles (docker/compose pkg/compose/hash.go). Compose hashes
// the service with env_file already read into environment and dropped (`up` and `config --hash`
// agree on this), so env_file is left out here too: load with resolveEnvironment on (the default).
import { createHash } from 'node:crypto';
import type { Project, Service } from '../model/types';
import { toJson } from './json';
import { serviceDoc } from './shape-service';

/** The JSON text that is hashed (exported so callers and tests can see exactly what is hashed). */
export function serviceHashInput(service: Service): string {
  const s: Service = { ...service };
  delete s.build;
  delete s.pull_policy;
  delete s.scale;
  delete s.depends_on;
  delete s.profiles;
  delete s.env_file;
  if (s.deploy) { s.deploy = { ...s.deploy }; delete s.deploy.replicas; }
  return toJson(serviceDoc(s, 'json'));
}

/** sha256 hex of serviceHashInput(service). */
export function serviceConfigHash(service: Service): string {
  return createHash('sha256').update(serviceHashInput(service)).digest('hex');
}

/** `--hash '*'` or `--hash a,b`: `[name, hash]` pairs sorted by service name. */
export function configHashes(project: Project, names: readonly string[] | '*' = '*'): [string, string][] {
  const wanted = names === '*' ? Object.keys(project.services) : names;
  return wanted.filter((n) => Object.hasOwn(project.services, n)).sort().map((n) => [n, serviceConfigHash(project.services[n]!)]);
}
