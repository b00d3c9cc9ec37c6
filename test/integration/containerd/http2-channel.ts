// TEST HELPER ONLY: a Channel over node:http2, to check the adapters against the real containerd
// independently of our own HTTP/2 transport (set NERDTS_TEST_HTTP2=1). Never used by the product:
// node:http2 is too slow to load for the CLI.
import { connect as h2connect, constants } from 'node:http2';
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { GrpcCode, GrpcStatusError } from '../../../src/containerd/transport/channel';
import type { CallOptions, Channel, StreamingCall } from '../../../src/containerd/transport/channel';

/** Opens an HTTP/2 session on a unix socket; rejects when nothing listens. */
export function connectHttp2(path: string): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const session = h2connect('http://localhost', { createConnection: () => netConnect(path) });
    session.once('error', reject);
    session.once('connect', () => {
      session.off('error', reject);
      session.on('error', () => { /* surfaced on the streams */ });
      resolve(new Http2Channel(session));
    });
  });
}

function frame(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Collects one call's response messages and final status. */
class Call implements StreamingCall {
  private buffer = Buffer.alloc(0);
  private readonly messages: Uint8Array[] = [];
  private waiting: { resolve: () => void } | undefined;
  private status: GrpcStatusError | null | undefined; // null: OK

  constructor(private readonly stream: ClientHttp2Stream) {
    stream.on('response', (headers) => this.headers(headers));
    stream.on('trailers', (headers) => this.headers(headers));
    stream.on('data', (chunk: Buffer) => this.data(chunk));
    stream.on('close', () => this.finish(new GrpcStatusError(GrpcCode.UNAVAILABLE, `stream closed (rst code ${stream.rstCode})`)));
    stream.on('error', (err) => this.finish(new GrpcStatusError(GrpcCode.UNAVAILABLE, err.message)));
  }

  private headers(headers: IncomingHttpHeaders): void {
    const code = headers['grpc-status'];
    if (code === undefined) return;
    const message = decodeURIComponent(String(headers['grpc-message'] ?? ''));
    this.finish(Number(code) === 0 ? null : new GrpcStatusError(Number(code), message));
  }

  private data(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 5) {
      const len = this.buffer.readUInt32BE(1);
      if (this.buffer.length < 5 + len) break;
      this.messages.push(this.buffer.subarray(5, 5 + len));
      this.buffer = this.buffer.subarray(5 + len);
    }
    this.wake();
  }

  private finish(status: GrpcStatusError | null): void {
    if (this.status === undefined) this.status = status;
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve();
  }

  async read(): Promise<Uint8Array | undefined> {
    for (;;) {
      const next = this.messages.shift();
      if (next) return next;
      if (this.status === null) return undefined;
      if (this.status) throw this.status;
      await new Promise<void>((resolve) => { this.waiting = { resolve }; });
    }
  }

  write(message: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.stream.write(frame(message), (err) => err ? reject(err) : resolve()));
  }

  end(): void { this.stream.end(); }
  cancel(): void {
    this.finish(new GrpcStatusError(GrpcCode.CANCELLED, 'canceled'));
    this.stream.close(constants.NGHTTP2_CANCEL);
  }
}

class Http2Channel implements Channel {
  constructor(private readonly session: ClientHttp2Session) {}

  private open(path: string, options: CallOptions = {}): Call {
    const headers: Record<string, string> = {
      ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...options.metadata,
    };
    if (options.timeoutMs !== undefined) headers['grpc-timeout'] = `${Math.ceil(options.timeoutMs)}m`;
    const stream = this.session.request(headers, options.signal ? { signal: options.signal } : {});
    return new Call(stream);
  }

  async unary(path: string, request: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    const call = this.open(path, options);
    await call.write(request);
    call.end();
    const message = await call.read();
    while ((await call.read()) !== undefined) { /* drain to the status */ }
    if (message === undefined) throw new GrpcStatusError(GrpcCode.INTERNAL, 'no response message');
    return message;
  }

  async *serverStream(path: string, request: Uint8Array, options?: CallOptions): AsyncIterable<Uint8Array> {
    const call = this.open(path, options);
    try {
      await call.write(request);
      call.end();
      for (let m = await call.read(); m !== undefined; m = await call.read()) yield m;
    } finally {
      call.cancel();
    }
  }

  stream(path: string, options?: CallOptions): StreamingCall {
    return this.open(path, options);
  }

  close(): void {
    this.session.close();
  }
}
