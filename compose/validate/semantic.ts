// Checks on the merged model that a schema cannot express (compose-go validation/): exclusive
// attributes of configs and secrets, external volumes, port host IPs, device requests.
import { ComposeError } from '../errors';
import type { Node, NodeMap } from '../tree';
import { isMap } from '../tree';
import { isIP } from '../transform/ip';

function exclusive(kind: string, name: string, v: Node, keys: string[]): void {
  if (!isMap(v)) return;
  const set = keys.filter((k) => v[k] !== undefined);
  const path = `${kind}.${name}`;
  if (set.length > 1) throw new ComposeError(`${keys.join('|')} attributes are mutually exclusive`, { path });
  if (set.length === 0 && v.driver === undefined && v.external === undefined) {
    throw new ComposeError(`one of ${keys.join('|')} must be set`, { path });
  }
}

function externalVolume(name: string, v: Node): void {
  if (!isMap(v) || v.external !== true) return;
  for (const k of Object.keys(v)) {
    if (k === 'name' || k === 'external' || k.startsWith('x-')) continue;
    throw new ComposeError(`conflicting parameters "external" and "${k}" specified`, { path: `volumes.${name}` });
  }
}

function deviceRequests(path: string, list: Node | undefined): void {
  if (!Array.isArray(list)) return;
  list.forEach((d, i) => {
    if (isMap(d) && d.count !== undefined && d.device_ids !== undefined) {
      throw new ComposeError('"count" and "device_ids" attributes are exclusive', { path: `${path}[${i}]` });
    }
  });
}

function service(name: string, s: NodeMap): void {
  if (Array.isArray(s.ports)) {
    s.ports.forEach((p, i) => {
      if (isMap(p) && typeof p.host_ip === 'string' && !isIP(p.host_ip)) {
        throw new ComposeError(`invalid ip address: ${p.host_ip}`, { path: `services.${name}.ports[${i}]` });
      }
    });
  }
  deviceRequests(`services.${name}.gpus`, s.gpus);
  const res = isMap(s.deploy) && isMap(s.deploy.resources) && isMap(s.deploy.resources.reservations) ? s.deploy.resources.reservations : undefined;
  if (res) deviceRequests(`services.${name}.deploy.resources.reservations.devices`, res.devices);
  const watch = isMap(s.develop) && Array.isArray(s.develop.watch) ? s.develop.watch : [];
  watch.forEach((w, i) => {
    if (isMap(w) && w.path === '') throw new ComposeError("value can't be blank", { path: `services.${name}.develop.watch[${i}].path` });
  });
}

/** Throws on the first semantic problem in a merged model. */
export function validateSemantics(root: NodeMap): void {
  const each = (key: string, fn: (name: string, v: Node) => void): void => {
    const m = root[key];
    if (isMap(m)) for (const [name, v] of Object.entries(m)) fn(name, v);
  };
  each('volumes', externalVolume);
  each('configs', (n, v) => exclusive('configs', n, v, ['file', 'environment', 'content']));
  each('secrets', (n, v) => exclusive('secrets', n, v, ['file', 'environment']));
  each('services', (n, v) => { if (isMap(v)) service(n, v); });
}
