// Seeded fuzzing: random header lists and messages through node:http2 in both directions, and
// random bytes into the HPACK decoder, the frame parser and a whole channel.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { GrpcStatusError } from '../../../src/containerd/transport/channel';
import { connect } from '../../../src/containerd/transport/client';
import { Connection } from '../../../src/containerd/transport/connection';
import { FrameParser, FrameType, buildFrame, headerFrames, settingsFrame } from '../../../src/containerd/transport/frame';
import { Http2Error } from '../../../src/containerd/transport/h2-error';
import { HpackDecoder } from '../../../src/containerd/transport/hpack-decoder';
import type { HeaderList } from '../../../src/containerd/transport/hpack-decoder';
import { HpackEncoder } from '../../../src/containerd/transport/hpack-encoder';
import { frame, parseMessages, readBody, reply, startServer } from './grpc-server';
import { Random } from './random';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&\'*+^`|~';
const VALUE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
  '\t\u00a0\u00e9\u00ff\u0080';
/** Standard names that node lets repeat; they hit the static table by name. */
const STATIC_NAMES = ['cache-control', 'via', 'link', 'vary', 'accept-language'];

/**
 * A random header value: no leading/trailing whitespace (HTTP field rules); sometimes larger than a
 * frame, forcing CONTINUATION (nghttp2 refuses single fields over 64 KiB).
 */
function randomValue(rnd: Random): string {
  const roll = rnd.int(100);
  const length = roll < 70 ? rnd.int(40) : roll < 97 ? 40 + rnd.int(4000) : 17_000 + rnd.int(45_000);
  const v = rnd.string(length, VALUE);
  return v.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
}

function randomFields(rnd: Random, names: string[]): HeaderList {
  const fields: HeaderList = [];
  for (let i = rnd.int(12); i > 0; i--) {
    const roll = rnd.int(10);
    const name = roll < 6 ? rnd.pick(names) : roll < 8 ? rnd.pick(STATIC_NAMES) : `x-${rnd.string(1 + rnd.int(20), TOKEN)}`;
    fields.push([name, randomValue(rnd)]);
  }
  return fields;
}

/** Node groups a header object by name in insertion order; this is the wire order it produces. */
function asHeaderObject(fields: HeaderList): { object: http2.OutgoingHttpHeaders; order: HeaderList } {
  const object: Record<string, string[]> = {};
  for (const [n, v] of fields) (object[n] ??= []).push(v);
  return { object, order: Object.entries(object).flatMap(([n, vs]) => vs.map((v): [string, string] => [n, v])) };
}

describe('fuzz against node:http2', () => {
  test('random header lists both ways, exact equality (dynamic table, Huffman, CONTINUATION)', async () => {
    const rnd = new Random(2024);
    const names = Array.from({ length: 25 }, () => `x-${rnd.string(1 + rnd.int(12), TOKEN)}`);
    const sent: HeaderList[] = [];
    const replies: Array<{ headers: HeaderList; trailers: HeaderList }> = [];
    const received: HeaderList[] = [];
    const server = await startServer((stream, headers, raw) => {
      const index = Number(String(headers[':path']).slice(1));
      const got: HeaderList = [];
      for (let i = 0; i < raw.length; i += 2) got.push([raw[i]!, raw[i + 1]!]);
      received[index] = got;
      const response = replies[index]!;
      stream.respond({ ':status': 200, ...asHeaderObject(response.headers).object }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers(asHeaderObject(response.trailers).object));
      stream.end();
    }, { maxSendHeaderBlockLength: 8 << 20, maxHeaderListPairs: 10_000, settings: { maxHeaderListSize: 8 << 20 } });
    const socket = net.connect(server.port, '127.0.0.1');
    const connection = new Connection(socket, { maxHeaderListSize: 8 << 20 });
    for (let round = 0; round < 300; round++) {
      const request: HeaderList = [[':method', 'POST'], [':scheme', 'http'], [':path', `/${round}`], [':authority', 'fuzz'],
        ...randomFields(rnd, names)];
      sent.push(request);
      // Node sends no trailer block at all for an empty one, so there is always a status.
      replies.push({ headers: randomFields(rnd, names), trailers: [['grpc-status', '0'], ...randomFields(rnd, names)] });
      const blocks: Array<[HeaderList, boolean]> = [];
      await new Promise<void>((resolve, reject) => {
        const stream = connection.startStream(request, {
          onHeaders: (fields, end) => { blocks.push([fields, end]); if (end) resolve(); },
          onData: (_data, end) => { if (end) reject(new Error('stream ended without trailers')); },
          onAbort: reject,
        });
        stream.end();
      });
      assert.deepEqual(received[round], request, `request headers, round ${round}`);
      assert.equal(blocks.length, 2, `round ${round}`);
      const headers = blocks[0]![0].filter(([n]) => n !== ':status' && n !== 'date');
      assert.deepEqual(headers, asHeaderObject(replies[round]!.headers).order, `response headers, round ${round}`);
      assert.deepEqual(blocks[1]![0], asHeaderObject(replies[round]!.trailers).order, `trailers, round ${round}`);
    }
    connection.close(new GrpcStatusError(1, 'done'));
    await server.close();
  });

  test('random message sizes and chunkings both ways', async () => {
    const rnd = new Random(99);
    const server = await startServer((stream, headers) => {
      if (headers[':path'] === '/f/Upload') {
        return void readBody(stream).then((body) => {
          const digest = createHash('sha256');
          const messages = parseMessages(body);
          for (const m of messages) digest.update(`${m.length}:`).update(m);
          reply(stream, [Buffer.from(`${messages.length}:${digest.digest('hex')}`)]);
        });
      }
      const seed = Number(headers['x-seed']);
      void readBody(stream).then(() => {
        const r = new Random(seed);
        const messages = randomMessages(r);
        const bytes = Buffer.concat(messages.map(frame));
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        let off = 0;
        const next = (): void => { // random slices, sometimes yielding to the event loop
          while (off < bytes.length) {
            const n = 1 + r.int(r.int(4) === 0 ? 200_000 : 300);
            stream.write(bytes.subarray(off, off + n));
            off += n;
            if (r.int(8) === 0) return void setImmediate(next);
          }
          stream.end();
        };
        next();
      });
    });
    for (let round = 0; round < 12; round++) {
      const channel = server.channel({ streamWindow: 1024 + rnd.int(1 << 20), readHighWater: rnd.int(1 << 20) });
      const seed = rnd.next();
      const expected = randomMessages(new Random(seed));
      const got: Buffer[] = [];
      for await (const m of channel.serverStream('/f/Down', Buffer.alloc(0), { metadata: { 'x-seed': String(seed) } })) {
        got.push(Buffer.from(m));
      }
      assert.equal(got.length, expected.length);
      got.forEach((m, i) => assert.ok(m.equals(expected[i]!), `round ${round} message ${i}`));

      const upload = randomMessages(rnd);
      const digest = createHash('sha256');
      const call = channel.stream('/f/Upload');
      for (const m of upload) {
        digest.update(`${m.length}:`).update(m);
        if (rnd.int(3) === 0) await call.write(m);
        else void call.write(m);
      }
      call.end();
      assert.equal(Buffer.from((await call.read())!).toString(), `${upload.length}:${digest.digest('hex')}`);
      channel.close();
    }
    await server.close();
  });
});

function randomMessages(rnd: Random): Buffer[] {
  return Array.from({ length: rnd.int(30) }, () => {
    const roll = rnd.int(20);
    const size = roll === 0 ? rnd.int(2 << 20) : roll < 5 ? rnd.int(70_000) : rnd.int(100);
    return rnd.bytes(size);
  });
}

describe('fuzz with random bytes', () => {
  test('HPACK decoder: random and mutated blocks decode or throw Http2Error', () => {
    const rnd = new Random(5);
    const encoder = new HpackEncoder();
    const valid: Buffer[] = [];
    const names = ['a', 'b', 'content-type', 'x-y'];
    for (let i = 0; i < 50; i++) valid.push(encoder.encode(randomFields(rnd, names).slice(0, 4).map(([n, v]) => [n, v.slice(0, 50)])));
    const decoder = new HpackDecoder(4096, 1 << 20);
    for (let i = 0; i < 30_000; i++) {
      let block: Buffer;
      if (i % 2 === 0) block = rnd.bytes(rnd.int(40));
      else {
        block = Buffer.from(rnd.pick(valid));
        for (let k = 1 + rnd.int(3); k > 0 && block.length > 0; k--) block[rnd.int(block.length)] = rnd.int(256);
        if (rnd.int(4) === 0) block = block.subarray(0, rnd.int(block.length + 1));
      }
      const d = i % 100 === 0 ? new HpackDecoder(4096, 1 << 20) : decoder;
      try {
        const fields = d.decode(block);
        assert.ok(Array.isArray(fields));
      } catch (err) {
        if (!(err instanceof Http2Error)) throw err;
      }
    }
  });

  test('frame parser: random bytes in random chunks yield frames or FRAME_SIZE_ERROR', () => {
    const rnd = new Random(6);
    for (let i = 0; i < 3000; i++) {
      let frames = 0;
      const parser = new FrameParser(16384, () => { frames++; });
      const bytes = rnd.bytes(rnd.int(200));
      try {
        for (let off = 0; off < bytes.length;) {
          const n = 1 + rnd.int(20);
          parser.push(bytes.subarray(off, off + n));
          off += n;
        }
      } catch (err) {
        if (!(err instanceof Http2Error)) throw err;
      }
      assert.ok(frames <= bytes.length / 9 + 1);
    }
  });

  test('a channel fed random frames settles every call and never throws', async () => {
    const rnd = new Random(8);
    const serverEncoder = (): HpackEncoder => new HpackEncoder();
    for (let round = 0; round < 300; round++) {
      const socket = new Duplex({ read() {}, write(_chunk, _encoding, callback) { callback(); } });
      const channel = connect(socket, { streamWindow: 1 + rnd.int(100_000), connectionWindow: rnd.int(200_000) });
      const encoder = serverEncoder();
      const feed = (bytes: Buffer): void => void socket.emit('data', bytes);
      if (rnd.int(20) !== 0) feed(settingsFrame([[3, 1 + rnd.int(10)], [4, rnd.int(100_000)]]));
      const outcomes: Array<Promise<unknown>> = [];
      for (let c = 0; c < 4; c++) {
        outcomes.push(channel.unary('/z/Z', rnd.bytes(rnd.int(100))).catch((e: unknown) => e));
        const s = channel.stream('/z/S');
        void s.write(rnd.bytes(rnd.int(100_000))).catch(() => undefined);
        outcomes.push(s.read().catch((e: unknown) => e));
      }
      for (let f = 0; f < 40; f++) feed(randomFrame(rnd, encoder, round % 3 === 0));
      channel.close();
      for (const outcome of await Promise.all(outcomes)) {
        assert.ok(outcome instanceof GrpcStatusError || outcome instanceof Uint8Array || outcome === undefined, String(outcome));
      }
    }
  });
});

/** A frame a hostile or broken server might send; `hostile` rounds mix in malformed frames. */
function randomFrame(rnd: Random, encoder: HpackEncoder, hostile: boolean): Buffer {
  if (hostile && rnd.int(4) === 0) return malformedFrame(rnd, encoder);
  const streamId = rnd.int(8) === 0 ? 0 : 1 + 2 * rnd.int(8);
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  switch (rnd.int(9)) {
    case 0: case 1: case 2: {
      const fields: HeaderList = rnd.int(2) ? [[':status', rnd.pick(['200', '200', '200', '404', '503'])],
        ['content-type', 'application/grpc']] : [['grpc-status', String(rnd.int(17))], ['grpc-message', rnd.string(rnd.int(30), VALUE)]];
      const block = encoder.encode(fields);
      if (rnd.int(3) === 0) return padded(rnd, FrameType.HEADERS, 0x4 | (rnd.int(2) ? 1 : 0), streamId || 1, block);
      return headerFrames(streamId || 1, block, rnd.int(2) === 0, 1 + rnd.int(40));
    }
    case 3: case 4: {
      const body = Buffer.concat(Array.from({ length: rnd.int(3) }, () => frame(rnd.bytes(rnd.int(50)))));
      const cut = body.subarray(0, rnd.int(4) === 0 ? rnd.int(body.length + 1) : body.length);
      if (rnd.int(3) === 0) return padded(rnd, FrameType.DATA, rnd.int(2), streamId || 1, cut);
      return buildFrame(FrameType.DATA, rnd.int(2), streamId || 1, cut);
    }
    case 5: return buildFrame(FrameType.WINDOW_UPDATE, 0, streamId, u32(1 + rnd.int(100_000)));
    case 6: return settingsFrame([[rnd.pick([1, 3, 4, 5, 6, 9]), rnd.pick([0, 1, 100, 16384, 65535, 1 << 20])]]);
    case 7: return buildFrame(FrameType.PING, rnd.int(2), 0, rnd.bytes(8));
    default: return rnd.int(4) === 0
      ? buildFrame(FrameType.GOAWAY, 0, 0, Buffer.concat([u32(1 + 2 * rnd.int(8)), u32(0)]))
      : buildFrame(FrameType.RST_STREAM, 0, streamId || 1, u32(rnd.int(14)));
  }
}

function padded(rnd: Random, type: number, flags: number, streamId: number, body: Buffer): Buffer {
  const pad = rnd.int(20);
  return buildFrame(type, flags | 0x8, streamId, Buffer.concat([Buffer.from([pad]), body, Buffer.alloc(pad)]));
}

function malformedFrame(rnd: Random, encoder: HpackEncoder): Buffer {
  const streamId = rnd.pick([0, 1, 3, 2, 101, rnd.next() >>> 1]);
  if (rnd.int(4) === 0) return rnd.bytes(rnd.int(30));
  if (rnd.int(3) === 0) return headerFrames(streamId, encoder.encode([['x', rnd.string(5, VALUE)]]), rnd.int(2) === 0, 1 + rnd.int(4));
  const type = rnd.int(20) === 0 ? rnd.int(256) : rnd.int(10);
  return buildFrame(type, rnd.int(256), streamId, rnd.bytes(rnd.pick([0, 4, 5, 6, 8, 12, rnd.int(40)])));
}
