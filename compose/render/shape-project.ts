// The whole project as `docker compose config` prints it (compose-go Project.MarshalYAML /
// MarshalJSON): YAML in struct order, JSON with sorted top-level keys.
import type { FileObject, Network, Project, Volume } from '../model/types';
import type { Value } from './doc';
import { Doc, byteOrder, nonEmpty, rawValue, sortedDoc } from './doc';
import type { Format } from './shape-parts';
import { flag, str, strMap, withExtensions } from './shape-parts';
import { serviceDoc } from './shape-service';

function networkDoc(n: Network, format: Format): Doc {
  const pools = n.ipam?.config?.map((p) => new Doc().set('subnet', str(p.subnet)).set('gateway', str(p.gateway))
    .set('ip_range', str(p.ip_range)).set('aux_addresses', strMap(p.aux_addresses)));
  const ipam = new Doc().set('driver', str(n.ipam?.driver)).set('config', nonEmpty(pools)).set('options', strMap(n.ipam?.options));
  const d = new Doc().set('name', str(n.name)).set('driver', str(n.driver)).set('driver_opts', strMap(n.driver_opts))
    .set('ipam', format === 'json' ? ipam : nonEmpty(ipam)).set('external', flag(n.external)).set('internal', flag(n.internal))
    .set('attachable', flag(n.attachable)).set('labels', strMap(n.labels)).set('enable_ipv4', n.enable_ipv4).set('enable_ipv6', n.enable_ipv6);
  return withExtensions(d, n.extensions, format);
}

function volumeDoc(v: Volume, format: Format): Doc {
  const d = new Doc().set('name', str(v.name)).set('driver', str(v.driver)).set('driver_opts', strMap(v.driver_opts))
    .set('external', flag(v.external)).set('labels', strMap(v.labels));
  return withExtensions(d, v.extensions, format);
}

/** Secrets never print their content; configs print it unless it came from `environment`. */
function fileObjectDoc(o: FileObject, format: Format, showContent: boolean): Doc {
  const d = new Doc().set('name', str(o.name)).set('file', str(o.file)).set('environment', str(o.environment))
    .set('content', showContent ? str(o.content) : undefined).set('external', flag(o.external)).set('labels', strMap(o.labels))
    .set('driver', str(o.driver)).set('driver_opts', strMap(o.driver_opts)).set('template_driver', str(o.template_driver));
  return withExtensions(d, o.extensions, format);
}

/** The printable document of a project. */
export function projectDoc(p: Project, format: Format): Doc {
  const parts: [string, Value | undefined][] = [
    ['name', str(p.name)],
    ['services', sortedDoc(p.services, (s) => serviceDoc(s, format))],
    ['networks', nonEmpty(sortedDoc(p.networks, (n) => networkDoc(n, format)))],
    ['volumes', nonEmpty(sortedDoc(p.volumes, (v) => volumeDoc(v, format)))],
    ['secrets', nonEmpty(sortedDoc(p.secrets, (s) => fileObjectDoc(s, format, false)))],
    ['configs', nonEmpty(sortedDoc(p.configs, (c) => fileObjectDoc(c, format, c.environment === undefined)))],
  ];
  if (format === 'yaml') parts.push(['models', nonEmpty(sortedDoc(p.models, (m) => rawValue(m)))]);
  for (const k of Object.keys(p.extensions)) parts.push([k, rawValue(p.extensions[k])]);
  if (format === 'json') parts.sort((a, b) => byteOrder(a[0], b[0]));
  else parts.splice(0, parts.length, ...parts.slice(0, 7), ...parts.slice(7).sort((a, b) => byteOrder(a[0], b[0])));
  const d = new Doc();
  for (const [k, v] of parts) d.set(k, v);
  return d;
}
