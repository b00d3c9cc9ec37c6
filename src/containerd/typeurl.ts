// google.protobuf.Any as containerd fills it. containerd's typeurl registry stores Go structs of the
// OCI runtime spec as JSON under "types.containerd.io/..." URLs, and protobuf messages as binary
// under their full proto name (no "type.googleapis.com/" prefix).
import { NerdtsError } from '../errors';
import type { MessageType } from './rpc';
import type { Any } from './types';

const OCI = 'types.containerd.io/opencontainers/runtime-spec/1';

/** The type URLs nerdts packs or reads. */
export const TYPE_URL = {
  /** Container.spec: the OCI runtime spec (JSON). */
  spec: `${OCI}/Spec`,
  /** ExecProcessRequest.spec: an OCI process (JSON). */
  process: `${OCI}/Process`,
  /** UpdateTaskRequest.resources on Linux (JSON). */
  linuxResources: `${OCI}/LinuxResources`,
  windowsResources: `${OCI}/WindowsResources`,
  /** Container.runtime.options / CreateTaskRequest.options for io.containerd.runc.v2 (protobuf). */
  runcOptions: 'containerd.runc.v1.Options',
  runcCheckpointOptions: 'containerd.runc.v1.CheckpointOptions',
  /** Options of the legacy io.containerd.runtime.v1.linux runtime (protobuf; not generated). */
  legacyRuncOptions: 'containerd.linux.runc.RuncOptions',
  /** Tasks.Metrics data on cgroup v1 / v2 hosts (protobuf; not generated). */
  cgroupsV1Metrics: 'io.containerd.cgroups.v1.Metrics',
  cgroupsV2Metrics: 'io.containerd.cgroups.v2.Metrics',
} as const;

/** Type URL of an event payload in Envelope.event, from its message name ('TaskExit' -> 'containerd.events.TaskExit'). */
export const eventTypeUrl = (name: string): string => `containerd.events.${name}`;
/** Image events live in the images service package. */
export const imageEventTypeUrl = (name: 'ImageCreate' | 'ImageUpdate' | 'ImageDelete'): string =>
  `containerd.services.images.v1.${name}`;

/** Packs a JSON-encoded value (the OCI spec, a process, resources). */
export function packJson(typeUrl: string, value: unknown): Any {
  return { typeUrl, value: Buffer.from(JSON.stringify(value)) };
}

/** Unpacks a JSON Any, checking its type URL. */
export function unpackJson<T>(any: Any | undefined, typeUrl: string): T {
  const value = checked(any, typeUrl);
  try {
    return JSON.parse(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8')) as T;
  } catch (err) {
    throw new NerdtsError('internal', `cannot parse ${typeUrl}: ${(err as Error).message}`, { cause: err });
  }
}

/** Packs a protobuf message under its type URL. */
export function packMessage<T>(typeUrl: string, type: MessageType<T>, message: T): Any {
  return { typeUrl, value: type.encode(message).finish() };
}

/** Unpacks a protobuf Any, checking its type URL. */
export function unpackMessage<T>(any: Any | undefined, typeUrl: string, type: MessageType<T>): T {
  return type.decode(checked(any, typeUrl));
}

function checked(any: Any | undefined, typeUrl: string): Uint8Array {
  if (any === undefined) throw new NerdtsError('internal', `missing ${typeUrl} value`);
  // Accept the Google-style prefix too: some non-containerd writers add it.
  const url = any.typeUrl.startsWith('type.googleapis.com/') ? any.typeUrl.slice(20) : any.typeUrl;
  if (url !== typeUrl) throw new NerdtsError('internal', `expected a ${typeUrl} value, got ${any.typeUrl || 'no type URL'}`);
  return any.value;
}
