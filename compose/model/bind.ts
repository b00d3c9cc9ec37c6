// The bind stage: the normalized model tree becomes typed Service, Network, Volume, secret and
// config objects. Errors name the path; the loader adds the file.
import type { Node, NodeMap } from '../tree';
import { isMap } from '../tree';
import { fields } from './bind-parts';
import { bindService } from './bind-service';
import type { Warn } from './convert';
import { bool, extensionsOf, int, mapping, str, strings } from './convert';
import type { FileObject, IpamPool, Model, Network, Service, Volume } from './types';

/** The typed definitions of a model, before profiles and selection apply. */
export interface BoundModel {
  services: Record<string, Service>;
  networks: Record<string, Network>;
  volumes: Record<string, Volume>;
  secrets: Record<string, FileObject>;
  configs: Record<string, FileObject>;
  models: Record<string, Model>;
  extensions: Record<string, unknown>;
}

function withExtensions<T extends { extensions?: Record<string, unknown> }>(t: T, m: NodeMap): T {
  const ext = extensionsOf(m);
  if (ext) t.extensions = ext;
  return t;
}

function network(m: NodeMap, path: string, warn: Warn): Network {
  const n = fields<Network>(m, path, warn, {
    name: str, driver: str, driver_opts: mapping,
    ipam: (v, p) => fields(isMap(v) ? v : {}, p, warn, {
      driver: str, options: mapping,
      config: (c) => (Array.isArray(c) ? c : []).map((e, i) => fields<IpamPool>(isMap(e) ? e : {}, `${p}.config[${i}]`, warn, {
        subnet: str, gateway: str, ip_range: str, aux_addresses: mapping,
      })),
    }),
    external: bool, internal: bool, attachable: bool, labels: mapping, enable_ipv4: bool, enable_ipv6: bool,
  });
  return withExtensions(n, m);
}

function volume(m: NodeMap, path: string, warn: Warn): Volume {
  return withExtensions(fields<Volume>(m, path, warn, { name: str, driver: str, driver_opts: mapping, external: bool, labels: mapping }), m);
}

function fileObject(m: NodeMap, path: string, warn: Warn): FileObject {
  return withExtensions(fields<FileObject>(m, path, warn, {
    name: str, file: str, environment: str, content: str, external: bool, labels: mapping, driver: str,
    driver_opts: mapping, template_driver: str,
  }), m);
}

function model(m: NodeMap, path: string, warn: Warn): Model {
  return fields<Model>(m, path, warn, { name: str, model: str, context_size: int, runtime_flags: strings });
}

function section<T>(root: NodeMap, key: string, warn: Warn, bind: (m: NodeMap, path: string, warn: Warn) => T): Record<string, T> {
  const out: Record<string, T> = {};
  const defs = root[key];
  if (!isMap(defs)) return out;
  for (const [name, def] of Object.entries(defs)) out[name] = bind(isMap(def) ? def : {}, `${key}.${name}`, warn);
  return out;
}

/** Binds a normalized model (all files merged) to typed definitions. */
export function bindModel(root: NodeMap, warn: Warn): BoundModel {
  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root)) if (k.startsWith('x-')) extensions[k] = v as Node;
  return {
    services: section(root, 'services', warn, (m, path, w) => bindService(path.slice('services.'.length), m, w)),
    networks: section(root, 'networks', warn, network),
    volumes: section(root, 'volumes', warn, volume),
    secrets: section(root, 'secrets', warn, fileObject),
    configs: section(root, 'configs', warn, fileObject),
    models: section(root, 'models', warn, model),
    extensions,
  };
}

