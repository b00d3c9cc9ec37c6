// The gRPC channel against a node:http2 (nghttp2) server on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http2 from 'node:http2';
import type { Channel } from '../../../src/containerd/transport/channel';
import { GrpcStatusError } from '../../../src/containerd/transport/channel';
import { frame, parseMessages, percentEncode, readBody, reply, replyError, startServer } from './grpc-server';
import type { GrpcServer } from './grpc-server';

const isStatus = (code: number, details?: string | RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof GrpcStatusError, `not a GrpcStatusError: ${String(err)}`);
  assert.equal(err.grpcCode, code, err.message);
  if (typeof details === 'string') assert.equal(err.details, details);
  else if (details) assert.match(err.details, details);
  return true;
};

describe('unary calls', () => {
  let server: GrpcServer;
  let channel: Channel;
  const seen: http2.IncomingHttpHeaders[] = [];

  before(async () => {
    server = await startServer((stream, headers) => {
      seen.push(headers);
      const path = headers[':path'];
      void readBody(stream).then((body) => {
        const [request] = parseMessages(body);
        if (path === '/test.Echo/Echo') return reply(stream, [request!]);
        if (path === '/test.Echo/Fail') return replyError(stream, 5, percentEncode('café "x" not found: 100%\n'));
        if (path === '/test.Echo/FailLate') return reply(stream, [request!], 13, percentEncode('broke ☃ late'));
        if (path === '/test.Echo/Http503') return stream.respond({ ':status': 503 }, { endStream: true });
        if (path === '/test.Echo/Http404') return stream.respond({ ':status': 404 }, { endStream: true });
        if (path === '/test.Echo/Twice') return reply(stream, [request!, request!]);
        if (path === '/test.Echo/None') return reply(stream, []);
        if (path === '/test.Echo/NoTrailers') {
          stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
          return stream.end(frame(request!));
        }
        if (path === '/test.Echo/Compressed') {
          const msg = frame(Buffer.from('zz'));
          msg[0] = 1;
          stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
          stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
          return stream.end(msg);
        }
        if (path === '/test.Echo/Refuse') return stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
        if (path === '/test.Echo/Reset') return stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
        if (path === '/test.Echo/Html') {
          stream.respond({ ':status': 200, 'content-type': 'text/html' });
          return stream.end('<html>');
        }
        return replyError(stream, 12, 'unknown method');
      });
    });
    channel = server.channel({ userAgent: 'nerdts-test/1' });
  });
  after(async () => {
    channel.close();
    await server.close();
  });

  test('echo, with the request headers gRPC requires', async () => {
    const response = await channel.unary('/test.Echo/Echo', Buffer.from('hello'), {
      metadata: { 'containerd-namespace': 'default', 'x-trace': 'a b' }, timeoutMs: 60_000,
    });
    assert.equal(Buffer.from(response).toString(), 'hello');
    const h = seen.at(-1)!;
    assert.equal(h[':method'], 'POST');
    assert.equal(h[':scheme'], 'http');
    assert.equal(h[':path'], '/test.Echo/Echo');
    assert.equal(h[':authority'], 'localhost');
    assert.equal(h['content-type'], 'application/grpc');
    assert.equal(h.te, 'trailers');
    assert.equal(h['grpc-timeout'], '60000m');
    assert.equal(h['user-agent'], 'nerdts-test/1');
    assert.equal(h['containerd-namespace'], 'default');
    assert.equal(h['x-trace'], 'a b');
  });

  test('empty request and response messages', async () => {
    const response = await channel.unary('/test.Echo/Echo', new Uint8Array(0));
    assert.equal(response.length, 0);
  });

  test('a 1 MiB request goes through the server\'s 64 KiB default window', async () => {
    const big = Buffer.alloc(1 << 20, 7);
    const response = await channel.unary('/test.Echo/Echo', big);
    assert.ok(Buffer.from(response).equals(big));
  });

  test('trailers-only error with a Huffman-coded, percent-encoded grpc-message', async () => {
    await assert.rejects(channel.unary('/test.Echo/Fail', Buffer.from('x')), isStatus(5, 'café "x" not found: 100%\n'));
  });

  test('error status in trailers after a message', async () => {
    await assert.rejects(channel.unary('/test.Echo/FailLate', Buffer.from('x')), isStatus(13, 'broke ☃ late'));
  });

  test('HTTP status other than 200 maps to a gRPC code', async () => {
    await assert.rejects(channel.unary('/test.Echo/Http503', Buffer.from('x')), isStatus(14, /503/));
    await assert.rejects(channel.unary('/test.Echo/Http404', Buffer.from('x')), isStatus(12, /404/));
  });

  test('protocol mistakes by the server become errors', async () => {
    await assert.rejects(channel.unary('/test.Echo/Twice', Buffer.from('x')), isStatus(13, /2 response messages/));
    await assert.rejects(channel.unary('/test.Echo/None', Buffer.from('x')), isStatus(13, /0 response messages/));
    await assert.rejects(channel.unary('/test.Echo/NoTrailers', Buffer.from('x')), isStatus(13, /without sending trailers/));
    await assert.rejects(channel.unary('/test.Echo/Compressed', Buffer.from('x')), isStatus(13, /compressed/));
    await assert.rejects(channel.unary('/test.Echo/Html', Buffer.from('x')), isStatus(2, /text\/html/));
  });

  test('RST_STREAM from the server', async () => {
    await assert.rejects(channel.unary('/test.Echo/Refuse', Buffer.from('x')), isStatus(14, /REFUSED_STREAM/));
    await assert.rejects(channel.unary('/test.Echo/Reset', Buffer.from('x')), isStatus(13, /INTERNAL_ERROR/));
  });

  test('the connection survives all of the above', async () => {
    const response = await channel.unary('/test.Echo/Echo', Buffer.from('still here'));
    assert.equal(Buffer.from(response).toString(), 'still here');
  });

  test('100 concurrent calls on one connection', async () => {
    const sessionsBefore = server.sessions.size;
    const calls = Array.from({ length: 100 }, (_, i) => channel.unary('/test.Echo/Echo', Buffer.from(`m${i}`.repeat(i + 1))));
    const responses = await Promise.all(calls);
    responses.forEach((r, i) => assert.equal(Buffer.from(r).toString(), `m${i}`.repeat(i + 1)));
    assert.equal(server.sessions.size, sessionsBefore);
  });

  test('invalid metadata is refused before anything is sent', async () => {
    await assert.rejects(channel.unary('/test.Echo/Echo', Buffer.from('x'), { metadata: { ':path': '/x' } }), isStatus(13));
    await assert.rejects(channel.unary('/test.Echo/Echo', Buffer.from('x'), { metadata: { 'a b': 'x' } }), isStatus(13));
    await assert.rejects(channel.unary('/test.Echo/Echo', Buffer.from('x'), { metadata: { a: 'x\r\ny' } }), isStatus(13));
  });
});

describe('streaming', () => {
  let server: GrpcServer;
  let channel: Channel;
  const closed: Array<[string, number | undefined]> = [];
  const paused: http2.ServerHttp2Stream[] = [];

  before(async () => {
    server = await startServer((stream, headers) => {
      const path = headers[':path'];
      stream.on('close', () => closed.push([String(path), stream.rstCode]));
      if (path === '/test.S/Thousand') {
        return void readBody(stream).then(() => reply(stream, Array.from({ length: 1000 }, (_, i) => Buffer.from(`n${i}`))));
      }
      if (path === '/test.S/Huge') {
        return void readBody(stream).then(() => reply(stream, [Buffer.alloc(16 << 20, 0xab)]));
      }
      if (path === '/test.S/Forever') return forever(stream);
      if (path === '/test.S/Never') return undefined; // never answers: for deadlines and cancels
      if (path === '/test.S/Upload') return upload(stream);
      if (path === '/test.S/PausedUpload') {
        stream.pause();
        paused.push(stream);
        return upload(stream);
      }
      return replyError(stream, 12, 'unknown');
    }, { settings: { initialWindowSize: 65535 } });
    channel = server.channel();
  });
  after(async () => {
    channel.close();
    await server.close();
  });

  test('server streaming of 1000 messages', async () => {
    const got: string[] = [];
    for await (const m of channel.serverStream('/test.S/Thousand', Buffer.from('go'))) got.push(Buffer.from(m).toString());
    assert.equal(got.length, 1000);
    got.forEach((m, i) => assert.equal(m, `n${i}`));
  });

  test('one 16 MiB message', async () => {
    const got: Uint8Array[] = [];
    for await (const m of channel.serverStream('/test.S/Huge', Buffer.from('go'))) got.push(m);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.length, 16 << 20);
    assert.ok(Buffer.from(got[0]!).equals(Buffer.alloc(16 << 20, 0xab)));
  });

  test('a client stream of 64 MiB against a 64 KiB window and a slow reader', async () => {
    const call = channel.stream('/test.S/Upload');
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < 64; i++) {
      chunk.fill(i);
      hash.update(chunk);
      await call.write(chunk); // the buffer is reused: write() must not resolve before it is sent
    }
    call.end();
    const summary = JSON.parse(Buffer.from((await call.read())!).toString());
    assert.equal(await call.read(), undefined);
    assert.equal(summary.bytes, (64 << 20) + 64 * 5);
    assert.equal(summary.sha256, hash.digest('hex'));
  });

  test('write() waits for flow control', async () => {
    const call = channel.stream('/test.S/PausedUpload');
    let resolved = false;
    const pending = call.write(Buffer.alloc(1 << 20)).then(() => { resolved = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(resolved, false, 'a 1 MiB write completed while the server read nothing');
    for (const stream of paused.splice(0)) stream.resume();
    await pending;
    call.end();
    const summary = JSON.parse(Buffer.from((await call.read())!).toString());
    assert.equal(summary.bytes, 5 + (1 << 20));
  });

  test('breaking out of a server stream cancels it', async () => {
    let n = 0;
    for await (const m of channel.serverStream('/test.S/Forever', Buffer.from('go'))) {
      assert.equal(Buffer.from(m).toString(), `tick${n}`);
      if (++n === 5) break;
    }
    await waitFor(() => closed.some(([path]) => path === '/test.S/Forever'));
    assert.deepEqual(closed.find(([path]) => path === '/test.S/Forever'), ['/test.S/Forever', http2.constants.NGHTTP2_CANCEL]);
  });

  test('cancel() on a bidi call: pending reads reject with CANCELLED', async () => {
    const call = channel.stream('/test.S/Never');
    await call.write(Buffer.from('x'));
    const read = call.read();
    call.cancel();
    await assert.rejects(read, isStatus(1));
    await assert.rejects(call.read(), isStatus(1));
  });

  test('AbortSignal cancels, before and during a call', async () => {
    const controller = new AbortController();
    const pending = channel.unary('/test.S/Never', Buffer.from('x'), { signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(pending, isStatus(1));
    await assert.rejects(channel.unary('/test.S/Never', Buffer.from('x'), { signal: AbortSignal.abort() }), isStatus(1));
  });

  test('deadline', async () => {
    closed.length = 0;
    await assert.rejects(channel.unary('/test.S/Never', Buffer.from('x'), { timeoutMs: 50 }), isStatus(4));
    await waitFor(() => closed.length > 0);
    assert.deepEqual(closed[0], ['/test.S/Never', http2.constants.NGHTTP2_CANCEL]);
    await assert.rejects(channel.unary('/test.S/Never', Buffer.from('x'), { timeoutMs: 0 }), isStatus(4));
  });
});

/** Sends tick messages until the client goes away. */
function forever(stream: http2.ServerHttp2Stream): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
  let i = 0;
  const tick = (): void => {
    if (stream.destroyed || stream.closed) return;
    stream.write(frame(Buffer.from(`tick${i++}`)));
    setImmediate(tick);
  };
  tick();
}

/** Reads an upload slowly (pausing now and then) and replies with its size and payload hash. */
function upload(stream: http2.ServerHttp2Stream): void {
  const hash = createHash('sha256');
  let bytes = 0;
  let body = 0;
  let header = Buffer.alloc(0);
  let reads = 0;
  const hashPayload = (chunk: Buffer): void => {
    let off = 0;
    while (off < chunk.length) {
      if (body === 0) {
        const need = 5 - header.length;
        header = Buffer.concat([header, chunk.subarray(off, off + need)]);
        off += Math.min(need, chunk.length - off);
        if (header.length === 5) { body = header.readUInt32BE(1); header = Buffer.alloc(0); }
        continue;
      }
      const take = Math.min(body, chunk.length - off);
      hash.update(chunk.subarray(off, off + take));
      body -= take;
      off += take;
    }
  };
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    hashPayload(chunk);
    if (++reads % 16 === 0) {
      stream.pause();
      setImmediate(() => stream.resume());
    }
  });
  stream.on('end', () => reply(stream, [Buffer.from(JSON.stringify({ bytes, sha256: hash.digest('hex') }))]));
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition not reached');
}
