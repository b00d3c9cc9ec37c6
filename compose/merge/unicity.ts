// De-duplication after merging: sequence entries with the same key keep the first one's place and
// the last one's value (compose-go override/uncity.go).
import { ComposeError } from '../errors';
import type { Node, NodeMap, RuleCursor } from '../tree';
import { PathRules, formatPath, isMap } from '../tree';
import { parseVolumeSpec } from '../transform/volumes';

type Indexer = (v: Node) => string;

const keyValue: Indexer = (v) => {
  if (typeof v !== 'string') throw new ComposeError(`unexpected value ${JSON.stringify(v)}`);
  const eq = v.indexOf('=');
  return eq < 0 ? v : v.slice(0, eq);
};
const volumeTarget: Indexer = (v) => {
  if (isMap(v)) {
    if (typeof v.target !== 'string') throw new ComposeError('service volume is missing a mount target');
    return v.target;
  }
  return typeof v === 'string' ? String(parseVolumeSpec(v).target) : '';
};
const deviceTarget: Indexer = (v) => {
  if (isMap(v)) return String(v.target ?? v.source ?? '');
  if (typeof v !== 'string') return '';
  const parts = v.split(':');
  return parts.length === 1 ? parts[0]! : parts[1]!;
};
const expose: Indexer = (v) => String(v);
const envFile: Indexer = (v) => (isMap(v) ? String(v.path) : String(v));
const port: Indexer = (v) => {
  if (!isMap(v)) return String(v);
  return `${v.host_ip ?? '0.0.0.0'}:${v.published ?? ''}:${v.target}/${v.protocol ?? 'tcp'}`;
};
const mount = (dir: string): Indexer => (v) => {
  if (typeof v === 'string') return `${dir}/${v}`;
  if (!isMap(v)) return '';
  return typeof v.target === 'string' ? v.target : `${dir}/${String(v.source)}`;
};

const S = 'services.*.';
const UNIQUE = new PathRules<Indexer>({
  'networks.*.labels': keyValue, 'networks.*.ipam.options': keyValue,
  [`${S}annotations`]: keyValue, [`${S}build.args`]: keyValue, [`${S}build.additional_contexts`]: keyValue,
  [`${S}build.platforms`]: keyValue, [`${S}build.tags`]: keyValue, [`${S}build.labels`]: keyValue,
  [`${S}cap_add`]: keyValue, [`${S}cap_drop`]: keyValue, [`${S}devices`]: deviceTarget,
  [`${S}configs`]: mount(''), [`${S}deploy.labels`]: keyValue, [`${S}dns`]: keyValue,
  [`${S}dns_opt`]: keyValue, [`${S}dns_search`]: keyValue, [`${S}environment`]: keyValue,
  [`${S}env_file`]: envFile, [`${S}expose`]: expose, [`${S}labels`]: keyValue, [`${S}links`]: keyValue,
  [`${S}networks.*.aliases`]: keyValue, [`${S}networks.*.link_local_ips`]: keyValue, [`${S}ports`]: port,
  [`${S}profiles`]: keyValue, [`${S}secrets`]: mount('/run/secrets'), [`${S}sysctls`]: keyValue,
  [`${S}tmpfs`]: keyValue, [`${S}volumes`]: volumeTarget,
});

/** Removes redefinitions in the sequences listed above, in place. */
export function enforceUnicity(root: NodeMap): void {
  walkMap(root, [], UNIQUE.start());
}

function walkMap(m: NodeMap, path: (string | number)[], cur: RuleCursor<Indexer>): void {
  const keys = Object.keys(m);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const next = UNIQUE.step(cur, k);
    if (next.length === 0) continue;
    path.push(k);
    const v = m[k]!;
    if (Array.isArray(v)) m[k] = dedupe(v, path, next);
    else if (isMap(v)) walkMap(v, path, next);
    path.pop();
  }
}

function dedupe(list: Node[], path: (string | number)[], cur: RuleCursor<Indexer>): Node[] {
  const indexer = UNIQUE.rule(cur);
  if (!indexer) {
    list.forEach((e, i) => { if (isMap(e)) { path.push(i); walkMap(e, path, UNIQUE.step(cur, i)); path.pop(); } });
    return list;
  }
  const out: Node[] = [];
  const at = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    let key: string;
    try {
      key = indexer(list[i]!);
    } catch (err) {
      if (err instanceof ComposeError) throw new ComposeError(err.reason, { path: formatPath([...path, i]) });
      throw err;
    }
    const j = at.get(key);
    if (j === undefined) { at.set(key, out.length); out.push(list[i]!); } else out[j] = list[i]!;
  }
  return out;
}
