// containerd's shared API types (containerd.types.*, google.protobuf.*) and small conversions for them.
import type { Descriptor } from './generated/api/types/descriptor';
import type { Timestamp } from './generated/google/protobuf/timestamp';

export type { Descriptor } from './generated/api/types/descriptor';
export type { Mount } from './generated/api/types/mount';
export type { Platform } from './generated/api/types/platform';
export type { Metric } from './generated/api/types/metrics';
export type { Process, ProcessInfo } from './generated/api/types/task/task';
export { Status as TaskStatus } from './generated/api/types/task/task';
export type { Timestamp } from './generated/google/protobuf/timestamp';
export type { Any } from './generated/google/protobuf/any';

/** A descriptor as callers usually have it (from a manifest): annotations optional. */
export type DescriptorInput = Omit<Descriptor, 'annotations'> & { annotations?: Record<string, string> | undefined };

/** A complete Descriptor message from a manifest-style descriptor. */
export function toDescriptor(d: DescriptorInput): Descriptor {
  return { mediaType: d.mediaType, digest: d.digest, size: d.size, annotations: d.annotations ?? {} };
}

/** Milliseconds since the epoch (nanoseconds truncated); undefined stays undefined. */
export function timestampToMillis(t: Timestamp | undefined): number | undefined {
  return t === undefined ? undefined : t.seconds * 1000 + Math.floor(t.nanos / 1e6);
}

/** RFC 3339 with nanoseconds, as docker prints times ("2024-01-02T03:04:05.123456789Z"). */
export function timestampToIso(t: Timestamp | undefined): string {
  if (t === undefined || (t.seconds === 0 && t.nanos === 0)) return '0001-01-01T00:00:00Z';
  const base = new Date(t.seconds * 1000).toISOString().slice(0, 19);
  if (t.nanos === 0) return `${base}Z`;
  return `${base}.${String(t.nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}

/** A Timestamp from a Date or epoch milliseconds. */
export function toTimestamp(time: Date | number): Timestamp {
  const ms = typeof time === 'number' ? time : time.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}
