// Hand-written decoders for the two answers `ps` waits for, Containers.List (labels of every
// container plus its spec) and Tasks.List. `ps` runs them once per process, before V8 has optimised
// anything, so they are written for the interpreter: the read position is one module variable, not
// an object field, and one-byte varints (tags, short lengths) take no call. Strings come straight
// from the Buffer, the spec bytes stay a view (as ts-proto leaves them), and anything unusual
// (groups, lengths past the end, varints over 2^53) hands the whole message to the generated
// decoder, so results never differ.
import { Container_ExtensionsEntry, ListContainersResponse } from '../generated/api/services/containers/v1/containers';
import type { Container, Container_Runtime } from '../generated/api/services/containers/v1/containers';
import { ListTasksResponse } from '../generated/api/services/tasks/v1/tasks';
import type { Process } from '../generated/api/types/task/task';
import type { Any, Timestamp } from '../types';
import type { MessageType } from '../rpc';

class Unusual extends Error {}

// The message being read and the read position (decoding is synchronous, never re-entered).
let buf: Buffer = Buffer.alloc(0);
let pos = 0;

function varint(): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    const b = buf[pos++];
    if (b === undefined) throw new Unusual();
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 0x80;
  }
  throw new Unusual();
}

/**
 * A two's complement int64 (negative ones take 10 bytes: containerd sends Go's zero time,
 * -62135596800 s, as the exit time of a running task); beyond 2^53 it is unusual.
 */
function int64(): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    const b = buf[pos++];
    if (b === undefined) throw new Unusual();
    const bits = b & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) { lo |= (bits & 0x0f) << 28; hi = bits >> 4; } else hi |= bits << (7 * i - 32);
    if (b < 0x80) {
      const value = (hi | 0) * 2 ** 32 + (lo >>> 0);
      if (!Number.isSafeInteger(value)) throw new Unusual();
      return value;
    }
  }
  throw new Unusual();
}

/** The end offset of the length-delimited field whose length starts here. */
function region(end: number): number {
  const b = buf[pos];
  const len = b !== undefined && b < 0x80 ? (pos++, b) : varint();
  const stop = pos + len;
  if (stop > end) throw new Unusual();
  return stop;
}

function string(end: number): string {
  const stop = region(end);
  const start = pos;
  pos = stop;
  return buf.toString('utf8', start, stop);
}

function tag(): number {
  const b = buf[pos];
  return b !== undefined && b < 0x80 ? (pos++, b) : varint();
}

/** Skips an unknown field; field 0 and groups are unusual. */
function skip(t: number, end: number): void {
  const wireType = t & 7;
  if (t >>> 3 === 0) throw new Unusual();
  if (wireType === 0) varint();
  else if (wireType === 1) pos += 8;
  else if (wireType === 2) pos = region(end);
  else if (wireType === 5) pos += 4;
  else throw new Unusual();
  if (pos > end) throw new Unusual();
}

/** `value`, once the message ended exactly where its length said. */
function ended<T>(end: number, value: T): T {
  if (pos !== end) throw new Unusual();
  return value;
}

function any(end: number): Any {
  const out: Any = { typeUrl: '', value: new Uint8Array(0) };
  while (pos < end) {
    const t = tag();
    if (t === 10) out.typeUrl = string(end);
    else if (t === 18) { const stop = region(end); out.value = buf.subarray(pos, stop); pos = stop; } else skip(t, end);
  }
  return ended(end, out);
}

function timestamp(end: number): Timestamp {
  const out: Timestamp = { seconds: 0, nanos: 0 };
  while (pos < end) {
    const t = tag();
    if (t === 8) out.seconds = int64();
    else if (t === 16) out.nanos = int64() | 0;
    else skip(t, end);
  }
  return ended(end, out);
}

function runtime(end: number): Container_Runtime {
  const out: Container_Runtime = { name: '', options: undefined };
  while (pos < end) {
    const t = tag();
    if (t === 10) out.name = string(end);
    else if (t === 18) out.options = any(region(end));
    else skip(t, end);
  }
  return ended(end, out);
}

function label(end: number, into: Record<string, string>): void {
  let key = '';
  let value = '';
  while (pos < end) {
    const t = tag();
    if (t === 10) key = string(end);
    else if (t === 18) value = string(end);
    else skip(t, end);
  }
  into[ended(end, key)] = value;
}

/** A nested message for a generated decoder; the position moves past it. */
function nested(end: number): Buffer {
  const stop = region(end);
  const view = buf.subarray(pos, stop);
  pos = stop;
  return view;
}

function container(end: number): Container {
  const out: Container = {
    id: '', labels: {}, image: '', runtime: undefined, spec: undefined, snapshotter: '', snapshotKey: '',
    createdAt: undefined, updatedAt: undefined, extensions: {},
  };
  while (pos < end) {
    const t = tag();
    switch (t) {
      case 10: out.id = string(end); break;
      case 18: label(region(end), out.labels); break;
      case 26: out.image = string(end); break;
      case 34: out.runtime = runtime(region(end)); break;
      case 42: out.spec = any(region(end)); break;
      case 50: out.snapshotter = string(end); break;
      case 58: out.snapshotKey = string(end); break;
      case 66: out.createdAt = timestamp(region(end)); break;
      case 74: out.updatedAt = timestamp(region(end)); break;
      case 82: {
        const entry = Container_ExtensionsEntry.decode(nested(end));
        if (entry.value !== undefined) out.extensions[entry.key] = entry.value;
        break;
      }
      default: skip(t, end);
    }
  }
  return ended(end, out);
}

function taskProcess(end: number): Process {
  const out: Process = {
    containerId: '', id: '', pid: 0, status: 0, stdin: '', stdout: '', stderr: '', terminal: false, exitStatus: 0, exitedAt: undefined,
  };
  while (pos < end) {
    const t = tag();
    switch (t) {
      case 10: out.containerId = string(end); break;
      case 18: out.id = string(end); break;
      case 24: out.pid = varint(); break;
      case 32: out.status = varint(); break;
      case 42: out.stdin = string(end); break;
      case 50: out.stdout = string(end); break;
      case 58: out.stderr = string(end); break;
      case 64: out.terminal = varint() !== 0; break;
      case 72: out.exitStatus = varint(); break;
      case 82: out.exitedAt = timestamp(region(end)); break;
      default: skip(t, end);
    }
  }
  return ended(end, out);
}

/** The records of a repeated field 1 (the list in both responses). */
function records<T>(message: Buffer, record: (end: number) => T): T[] {
  buf = message;
  pos = 0;
  const out: T[] = [];
  try {
    while (pos < message.length) {
      const t = tag();
      if (t === 10) out.push(record(region(message.length)));
      else skip(t, message.length);
    }
    return ended(message.length, out);
  } finally {
    buf = Buffer.alloc(0);
  }
}

/** `type` with `fast` as its decoder for whole messages; the generated one for anything unusual. */
function withFastDecode<T>(type: MessageType<T>, fast: (message: Buffer) => T): MessageType<T> {
  return {
    encode: (message, writer) => type.encode(message, writer),
    decode(input, length) {
      if (!(input instanceof Uint8Array) || length !== undefined) return type.decode(input, length);
      try {
        return fast(Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength));
      } catch (err) {
        if (err instanceof Unusual || err instanceof RangeError) return type.decode(input);
        throw err;
      }
    },
  };
}

/** ListContainersResponse with the fast decoder; encoding is ts-proto's. */
export const ListContainersResponseFast = withFastDecode(ListContainersResponse, (m) => ({ containers: records(m, container) }));

/** ListTasksResponse with the fast decoder; encoding is ts-proto's. */
export const ListTasksResponseFast = withFastDecode(ListTasksResponse, (m) => ({ tasks: records(m, taskProcess) }));
