// Connection-level behaviour against node:http2: GOAWAY, dead peers, concurrency limits, windows,
// settings changes, padding, unix sockets, and not keeping the process alive.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcStatusError } from '../../../src/containerd/transport/channel';
import { connect, connectUnix, openUnix } from '../../../src/containerd/transport/client';
import { frame, readBody, reply, startServer } from './grpc-server';

const isStatus = (code: number, details?: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof GrpcStatusError, `not a GrpcStatusError: ${String(err)}`);
  assert.equal(err.grpcCode, code, err.message);
  if (details) assert.match(err.details, details);
  return true;
};

const echo = (stream: http2.ServerHttp2Stream): void => {
  void readBody(stream).then((body) => reply(stream, [body.subarray(5)]));
};

describe('connection', () => {
  test('GOAWAY for streams above last-stream-id fails them with UNAVAILABLE', async () => {
    const server = await startServer((stream, headers) => {
      if (headers[':path'] === '/t/First') return echo(stream); // stream 1: processed
      stream.session!.goaway(http2.constants.NGHTTP2_NO_ERROR, 1); // stream 3 and later: not processed
    });
    const channel = server.channel();
    const first = channel.stream('/t/First');
    await first.write(Buffer.from('first'));
    const second = channel.unary('/t/Second', Buffer.from('x'));
    await assert.rejects(second, isStatus(14, /GOAWAY/));
    first.end();
    assert.equal(Buffer.from((await first.read())!).toString(), 'first'); // at or below last-stream-id
    await assert.rejects(channel.unary('/t/First', Buffer.from('x')), isStatus(14));
    channel.close();
    await server.close();
  });

  test('graceful GOAWAY lets the open call finish, then refuses new ones', async () => {
    const server = await startServer((stream) => {
      stream.session!.close(); // GOAWAY with the last stream id, then waits for open streams
      echo(stream);
    });
    const channel = server.channel();
    const response = await channel.unary('/t/T', Buffer.from('last'));
    assert.equal(Buffer.from(response).toString(), 'last');
    await assert.rejects(channel.unary('/t/T', Buffer.from('x')), isStatus(14));
    await server.close();
  });

  test('server dying mid-call fails the call with UNAVAILABLE', async () => {
    const server = await startServer((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
      stream.write(frame(Buffer.from('partial')));
      setImmediate(() => stream.session!.destroy());
    });
    const channel = server.channel();
    const call = channel.stream('/t/T');
    await call.write(Buffer.from('x'));
    assert.equal(Buffer.from((await call.read())!).toString(), 'partial');
    await assert.rejects(call.read(), isStatus(14));
    await assert.rejects(call.write(Buffer.from('y')), isStatus(14));
    await assert.rejects(channel.unary('/t/T', Buffer.from('x')), isStatus(14));
    await server.close();
  });

  test('peer MAX_CONCURRENT_STREAMS=2: 20 calls are queued, never more than 2 open', async () => {
    let open = 0;
    let most = 0;
    const server = await startServer((stream) => {
      most = Math.max(most, ++open);
      stream.on('close', () => open--);
      void readBody(stream).then((body) => setTimeout(() => reply(stream, [body.subarray(5)]), 2));
    }, { settings: { maxConcurrentStreams: 2 } });
    const channel = server.channel();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => channel.unary('/t/T', Buffer.from(`c${i}`))));
    responses.forEach((r, i) => assert.equal(Buffer.from(r).toString(), `c${i}`));
    assert.equal(most, 2);
    channel.close();
    await server.close();
  });

  test('small receive windows: the client sends WINDOW_UPDATEs as it consumes', async () => {
    const server = await startServer((stream) => {
      void readBody(stream).then(() => reply(stream, Array.from({ length: 40 }, (_, i) => Buffer.alloc(100_000, i))));
    });
    const channel = server.channel({ streamWindow: 65535, connectionWindow: 65535, readHighWater: 65536 });
    let n = 0;
    for await (const m of channel.serverStream('/t/T', Buffer.from('go'))) {
      assert.ok(Buffer.from(m).equals(Buffer.alloc(100_000, n++)));
    }
    assert.equal(n, 40);
    const big = await channel.unary('/t/T', Buffer.from('go')).catch((e: GrpcStatusError) => e);
    assert.ok(big instanceof GrpcStatusError && /40 response messages/.test(big.details)); // unary: drained, not stuck
    channel.close();
    await server.close();
  });

  test('a slow consumer holds the server back instead of buffering without bound', async () => {
    let written = 0;
    const server = await startServer((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      const chunk = frame(Buffer.alloc(60_000, 1));
      const pump = (): void => {
        while (written < 200 * chunk.length) {
          written += chunk.length;
          if (!stream.write(chunk)) return void stream.once('drain', pump);
        }
        stream.end();
      };
      pump();
    });
    const channel = server.channel({ streamWindow: 256 << 10, readHighWater: 256 << 10 });
    const iterator = channel.serverStream('/t/T', Buffer.from('go'))[Symbol.asyncIterator]();
    await iterator.next();
    let last = -1;
    for (let i = 0; i < 200 && written !== last; i++) { // wait until the server can write no more
      last = written;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(written < 2 << 20, `server wrote ${written} bytes ahead of a stalled reader`);
    let n = 1;
    while (!(await iterator.next()).done) n++;
    assert.equal(n, 200);
    channel.close();
    await server.close();
  });

  test('settings changed mid-connection: table size 0, bigger frames, smaller window', async () => {
    const server = await startServer((stream, headers) => {
      if (headers['x-step'] === '1') stream.session!.settings({ headerTableSize: 0, maxFrameSize: 1 << 20, initialWindowSize: 1000 });
      echo(stream);
    });
    const channel = server.channel();
    const meta = { 'x-step': '1', 'x-repeated': 'same value every time' };
    await channel.unary('/t/T', Buffer.from('one'), { metadata: meta });
    for (let i = 0; i < 5; i++) {
      const body = Buffer.alloc(300_000 + i, i);
      const r = await channel.unary('/t/T', body, { metadata: { ...meta, 'x-step': '2' } });
      assert.ok(Buffer.from(r).equals(body));
    }
    channel.close();
    await server.close();
  });

  test('PING is answered', async () => {
    const server = await startServer((stream) => echo(stream));
    const channel = server.channel();
    await channel.unary('/t/T', Buffer.from('warm up'));
    const session = [...server.sessions][0]!;
    await new Promise<void>((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
    channel.close();
    await server.close();
  });

  test('padding strategy MAX on the server', async () => {
    const server = await startServer((stream) => echo(stream), { paddingStrategy: http2.constants.PADDING_STRATEGY_MAX });
    const channel = server.channel();
    for (const size of [0, 1, 100, 70_000]) {
      const body = Buffer.alloc(size, 3);
      assert.ok(Buffer.from(await channel.unary('/t/T', body, { metadata: { 'x-p': 'p'.repeat(size % 300) } })).equals(body));
    }
    channel.close();
    await server.close();
  });
});

describe('servers that are not HTTP/2', () => {
  test('an HTTP/1.1 answer and a silent close fail calls with UNAVAILABLE', async () => {
    const server = net.createServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const channel = connect(net.connect(port, '127.0.0.1'));
    await assert.rejects(channel.unary('/t/T', Buffer.from('x')), isStatus(14, /HTTP\/1/));
    server.close();
    const silent = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const other = connect(net.connect((silent.address() as net.AddressInfo).port, '127.0.0.1'));
    await assert.rejects(other.unary('/t/T', Buffer.from('x')), isStatus(14));
    silent.close();
  });
});

describe('unix sockets and process lifetime', () => {
  test('connectUnix, openUnix, and a missing socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerdts-transport-'));
    try {
      const path = join(dir, 'grpc.sock');
      const server = await startServer((stream) => echo(stream), { path });
      const channel = await connectUnix(path);
      assert.equal(Buffer.from(await channel.unary('/t/T', Buffer.from('unix'))).toString(), 'unix');
      channel.close();
      const lazy = openUnix(path);
      assert.equal(Buffer.from(await lazy.unary('/t/T', Buffer.from('lazy'))).toString(), 'lazy');
      lazy.close();
      await server.close();
      await assert.rejects(connectUnix(join(dir, 'missing.sock')), isStatus(14, /missing\.sock/));
      await assert.rejects(openUnix(join(dir, 'missing.sock')).unary('/t/T', Buffer.from('x')), isStatus(14));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an idle channel does not keep the process alive', async () => {
    const server = await startServer((stream) => echo(stream));
    const client = require.resolve('../../../src/containerd/transport/client');
    const script = `
      const net = require('node:net');
      const { connect } = require(${JSON.stringify(client)});
      const channel = connect(net.connect(${server.port}, '127.0.0.1'));
      channel.unary('/t/T', Buffer.from('child')).then((r) => { process.stdout.write(Buffer.from(r)); });
    `;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    assert.equal(output, 'child');
    await server.close();
  });
});
