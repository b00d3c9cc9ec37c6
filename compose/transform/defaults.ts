// Default values compose fills in once all files are merged (compose-go transform/defaults.go).
import type { Node, NodeMap } from '../tree';
import { isMap } from '../tree';

function each(list: Node | undefined, fn: (m: NodeMap) => void): void {
  if (Array.isArray(list)) for (const e of list) if (isMap(e)) fn(e);
}

function deviceCount(d: NodeMap): void {
  if (d.count === undefined && d.device_ids === undefined) d.count = 'all';
}

/** Build context `.`, secret targets, port protocol/mode, device counts, `create_host_path`. */
export function setDefaultValues(root: NodeMap): void {
  const services = root.services;
  if (!isMap(services)) return;
  for (const s of Object.values(services)) {
    if (!isMap(s)) continue;
    if (isMap(s.build)) s.build.context ??= '.';
    each(s.secrets, (m) => { m.target ??= `/run/secrets/${String(m.source)}`; });
    each(s.ports, (m) => { m.protocol ??= 'tcp'; m.mode ??= 'ingress'; });
    each(s.gpus, deviceCount);
    const reservations = isMap(s.deploy) && isMap(s.deploy.resources) ? s.deploy.resources.reservations : undefined;
    if (isMap(reservations)) each(reservations.devices, deviceCount);
    each(s.volumes, (m) => { if (isMap(m.bind)) m.bind.create_host_path ??= true; });
  }
}
