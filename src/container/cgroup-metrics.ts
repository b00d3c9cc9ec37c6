// Tasks.Metrics data (io.containerd.cgroups.v1.Metrics / v2.Metrics) reduced to what `stats` shows.
// Decoded by field number with the protobuf wire reader rather than generated code: the generated
// code turns uint64 into numbers and throws above 2^53, which an unlimited memory limit exceeds.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { NerdtsError } from '../errors';
import type { Any } from '../containerd/types';
import { TYPE_URL } from '../containerd/typeurl';

/** One sample of a container's cgroup counters. */
export interface CgroupSample {
  /** Total CPU time used, nanoseconds. */
  cpuNs: number;
  /** CPUs the counters cover (v1 per-CPU entries); 0 when unknown. */
  onlineCpus: number;
  memoryUsage: number;
  /** Limit in bytes; a huge value means unlimited. */
  memoryLimit: number;
  /** Inactive file cache, subtracted from usage as docker does. */
  inactiveFile: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

// A schema maps field numbers to a name: a number field, a nested message, or a repeated message.
type Field = string | [string, Schema] | [string, Schema, 'repeated'] | [string, 'string'];
interface Schema { [field: number]: Field }
type Decoded = { [name: string]: number | string | Decoded | Decoded[] | number[] };

const V1: Schema = {
  2: ['pids', { 1: 'current', 2: 'limit' }],
  3: ['cpu', { 1: ['usage', { 1: 'total', 4: 'perCpu' }] }],
  4: ['memory', { 1: 'cache', 13: 'inactiveFile', 30: 'totalInactiveFile', 33: ['usage', { 1: 'limit', 2: 'usage' }] }],
  5: ['blkio', { 1: ['ioServiceBytes', { 1: ['op', 'string'], 5: 'value' }, 'repeated'] }],
};
const V2: Schema = {
  1: ['pids', { 1: 'current', 2: 'limit' }],
  2: ['cpu', { 1: 'usageUsec' }],
  4: ['memory', { 13: 'inactiveFile', 32: 'usage', 33: 'usageLimit' }],
  6: ['io', { 1: ['usage', { 3: 'rbytes', 4: 'wbytes' }, 'repeated'] }],
};

// uint64 counters: exact up to 2^53, and limits beyond that only need to stay "huge".
const toNumber = (v: bigint | string): number => Number(v);

function decode(bytes: Uint8Array, schema: Schema): Decoded {
  const reader = new BinaryReader(bytes);
  const out: Decoded = {};
  while (reader.pos < reader.len) {
    const [no, wire] = reader.tag();
    const field = schema[no];
    if (field === undefined) { reader.skip(wire); continue; }
    if (typeof field === 'string') {
      if (wire === WireType.LengthDelimited) {
        // packed repeated uint64 (per-CPU usage)
        const end = reader.uint32() + reader.pos;
        const list: number[] = [];
        while (reader.pos < end) list.push(toNumber(reader.uint64()));
        out[field] = list;
      } else if (wire === WireType.Varint) {
        const value = toNumber(reader.uint64());
        const prev = out[field];
        out[field] = Array.isArray(prev) ? [...(prev as number[]), value] : value;
      } else reader.skip(wire);
    } else if (field[1] === 'string') {
      out[field[0]] = reader.string();
    } else if (field[2] === 'repeated') {
      const list = (out[field[0]] ??= []) as Decoded[];
      list.push(decode(reader.bytes(), field[1]));
    } else {
      out[field[0]] = decode(reader.bytes(), field[1]);
    }
  }
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const msg = (v: unknown): Decoded => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Decoded : {});
const list = (v: unknown): Decoded[] => (Array.isArray(v) ? v as Decoded[] : []);

function fromV1(m: Decoded): CgroupSample {
  const usage = msg(msg(m['cpu'])['usage']);
  const perCpu = usage['perCpu'];
  const memory = msg(m['memory']);
  const memUsage = msg(memory['usage']);
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of list(msg(m['blkio'])['ioServiceBytes'])) {
    const op = String(e['op'] ?? '').toLowerCase();
    if (op === 'read') blockRead += num(e['value']);
    if (op === 'write') blockWrite += num(e['value']);
  }
  return {
    cpuNs: num(usage['total']), onlineCpus: Array.isArray(perCpu) ? perCpu.length : 0,
    memoryUsage: num(memUsage['usage']), memoryLimit: num(memUsage['limit']),
    inactiveFile: num(memory['totalInactiveFile'] ?? memory['inactiveFile']), blockRead, blockWrite, pids: num(msg(m['pids'])['current']),
  };
}

function fromV2(m: Decoded): CgroupSample {
  const memory = msg(m['memory']);
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of list(msg(m['io'])['usage'])) { blockRead += num(e['rbytes']); blockWrite += num(e['wbytes']); }
  return {
    cpuNs: num(msg(m['cpu'])['usageUsec']) * 1000, onlineCpus: 0,
    memoryUsage: num(memory['usage']), memoryLimit: num(memory['usageLimit']), inactiveFile: num(memory['inactiveFile']),
    blockRead, blockWrite, pids: num(msg(m['pids'])['current']),
  };
}

/** The sample in a Metric's data, for either cgroup version. */
export function decodeCgroupMetrics(data: Any | undefined): CgroupSample {
  if (!data) throw new NerdtsError('internal', 'task metrics without data');
  const url = data.typeUrl.replace(/^type\.googleapis\.com\//, '');
  if (url === TYPE_URL.cgroupsV1Metrics) return fromV1(decode(data.value, V1));
  if (url === TYPE_URL.cgroupsV2Metrics) return fromV2(decode(data.value, V2));
  throw new NerdtsError('unimplemented', `unsupported metrics type ${data.typeUrl}`);
}
