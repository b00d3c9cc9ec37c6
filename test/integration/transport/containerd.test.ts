// The transport against the real containerd: unary, errors, concurrency, and a client-streamed
// Content.Write read back with the server-streamed Content.Read. Skips without containerd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { GrpcStatusError } from '../../../src/containerd/transport/channel';
import type { Channel } from '../../../src/containerd/transport/channel';
import { connectUnix } from '../../../src/containerd/transport/client';

const SOCKET = '/run/containerd/containerd.sock';
const NAMESPACE = `nerdts-transport-${process.pid}`;

// Just enough protobuf for these requests (field numbers from containerd's api/services).
const varint = (n: number): Buffer => {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80); }
  out.push(n);
  return Buffer.from(out);
};
const field = (no: number, value: number | string | Buffer): Buffer => {
  if (typeof value === 'number') return Buffer.concat([varint(no << 3), varint(value)]);
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([varint((no << 3) | 2), varint(bytes.length), bytes]);
};
/** Decodes the length-delimited and varint fields of one message (enough for responses here). */
function fields(message: Uint8Array): Map<number, Array<Buffer | number>> {
  const buf = Buffer.from(message);
  const out = new Map<number, Array<Buffer | number>>();
  let off = 0;
  const readVarint = (): number => {
    let n = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = buf[off++]!;
      n += (b & 0x7f) * shift;
      if (!(b & 0x80)) return n;
    }
  };
  while (off < buf.length) {
    const tag = readVarint();
    if ((tag & 7) !== 2 && (tag & 7) !== 0) throw new Error(`wire type ${tag & 7}`);
    let value: Buffer | number;
    if ((tag & 7) === 2) {
      const length = readVarint();
      value = buf.subarray(off, off + length);
      off += length;
    } else {
      value = readVarint();
    }
    const list = out.get(tag >> 3) ?? [];
    list.push(value);
    out.set(tag >> 3, list);
  }
  return out;
}
const text = (m: Map<number, Array<Buffer | number>>, no: number): string => String(m.get(no)?.[0] ?? '');

async function withChannel(t: { skip(msg: string): void }, body: (channel: Channel) => Promise<void>): Promise<void> {
  if (!existsSync(SOCKET)) return t.skip(`${SOCKET} is absent`);
  const channel = await connectUnix(SOCKET);
  try {
    await body(channel);
  } finally {
    channel.close();
  }
}

const code = (c: number) => (err: unknown): boolean => err instanceof GrpcStatusError && err.grpcCode === c;

test('Version, Namespaces.List and concurrent calls', (t) => withChannel(t, async (channel) => {
  const version = fields(await channel.unary('/containerd.services.version.v1.Version/Version', new Uint8Array(0)));
  assert.match(text(version, 1), /^\d+\.\d+/);
  const namespaces = await channel.unary('/containerd.services.namespaces.v1.Namespaces/List', new Uint8Array(0));
  fields(namespaces); // parses
  const all = await Promise.all(Array.from({ length: 50 }, () =>
    channel.unary('/containerd.services.version.v1.Version/Version', new Uint8Array(0), { timeoutMs: 10_000 })));
  for (const r of all) assert.equal(text(fields(r), 1), text(version, 1));
}));

test('containerd errors arrive as gRPC statuses', (t) => withChannel(t, async (channel) => {
  await assert.rejects(channel.unary('/containerd.services.nope.v1.Nope/Nope', new Uint8Array(0)), code(12));
  await assert.rejects(channel.unary('/containerd.services.containers.v1.Containers/Get', field(1, 'no-such-container'),
    { metadata: { 'containerd-namespace': 'default' } }),
  (err: unknown) => code(5)(err) && /not found/.test((err as GrpcStatusError).details));
  await assert.rejects(channel.unary('/containerd.services.containers.v1.Containers/List', new Uint8Array(0),
    { metadata: { 'containerd-namespace': 'bad namespace!' } }), code(3));
}));

test('Content.Write of 8 MiB (client stream), read back with Content.Read (server stream)', (t) => withChannel(t, async (channel) => {
  const metadata = { 'containerd-namespace': NAMESPACE };
  const blob = randomBytes(8 << 20);
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  const ref = `nerdts-transport-test-${process.pid}`;
  try {
    const write = channel.stream('/containerd.services.content.v1.Content/Write', { metadata, timeoutMs: 60_000 });
    const chunk = 1 << 20;
    const requests = [Buffer.concat([field(1, 0), field(2, ref)])]; // STAT opens the writer
    for (let off = 0; off < blob.length; off += chunk) {
      requests.push(Buffer.concat([field(1, 1), field(2, ref), field(3, blob.length), field(5, off),
        field(6, blob.subarray(off, off + chunk))]));
    }
    const gcRoot = field(7, Buffer.concat([field(1, 'containerd.io/gc.root'), field(2, new Date().toISOString())]));
    requests.push(Buffer.concat([field(1, 2), field(2, ref), field(3, blob.length), field(4, digest),
      field(5, blob.length), gcRoot]));
    for (const request of requests) await write.write(request); // pipelined: answers are read after
    write.end();
    const answers: Array<Map<number, Array<Buffer | number>>> = [];
    for (let m = await write.read(); m !== undefined; m = await write.read()) answers.push(fields(m));
    assert.ok(answers.length >= 2);
    assert.equal(answers.at(-1)!.get(1)?.[0], 2, 'last answer is for COMMIT');

    const parts: Buffer[] = [];
    const read = channel.serverStream('/containerd.services.content.v1.Content/Read', field(1, digest), { metadata });
    for await (const message of read) parts.push(fields(message).get(2)![0] as Buffer);
    const back = Buffer.concat(parts);
    assert.equal(back.length, blob.length);
    assert.ok(back.equals(blob));
  } finally {
    await channel.unary('/containerd.services.content.v1.Content/Delete', field(1, digest), { metadata }).catch(() => undefined);
    await channel.unary('/containerd.services.namespaces.v1.Namespaces/Delete', field(1, NAMESPACE)).catch(() => undefined);
  }
}));
