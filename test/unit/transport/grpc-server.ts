// A tiny gRPC server on node:http2 for protocol tests: it frames messages by hand, so the client
// under test is checked against nghttp2's HTTP/2 and HPACK, not against itself.
import http2 from 'node:http2';
import net from 'node:net';
import type { Channel } from '../../../src/containerd/transport/channel';
import { connect } from '../../../src/containerd/transport/client';
import type { ChannelOptions } from '../../../src/containerd/transport/client';

export type StreamHandler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders,
  rawHeaders: string[]) => void;

export interface GrpcServer {
  port: number;
  sessions: Set<http2.ServerHttp2Session>;
  /** A client channel over TCP to this server. */
  channel(options?: ChannelOptions): Channel;
  close(): Promise<void>;
}

export interface ServerOptions {
  settings?: http2.Settings;
  /** Listen on this unix socket path instead of TCP. */
  path?: string;
  maxSendHeaderBlockLength?: number;
  maxHeaderListPairs?: number;
  paddingStrategy?: number;
}

export async function startServer(handler: StreamHandler, options: ServerOptions = {}): Promise<GrpcServer> {
  const server = http2.createServer({
    settings: options.settings,
    maxSendHeaderBlockLength: options.maxSendHeaderBlockLength,
    maxHeaderListPairs: options.maxHeaderListPairs,
    paddingStrategy: options.paddingStrategy,
    maxSessionMemory: 1000,
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers, _flags, ...rest: unknown[]) => {
    stream.on('error', () => undefined);
    handler(stream, headers, (rest[0] ?? []) as string[]); // node passes raw headers 4th
  });
  await new Promise<void>((resolve) => {
    if (options.path) server.listen(options.path, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    sessions,
    channel: (channelOptions?: ChannelOptions) => connect(net.connect(port, '127.0.0.1'), channelOptions),
    close: () => new Promise<void>((resolve) => {
      for (const session of sessions) session.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A gRPC length-prefixed message. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Splits a request body into messages (throws on a malformed body). */
export function parseMessages(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  while (off < body.length) {
    if (body[off] !== 0) throw new Error('compressed request');
    const length = body.readUInt32BE(off + 1);
    out.push(body.subarray(off + 5, off + 5 + length));
    off += 5 + length;
  }
  if (off !== body.length) throw new Error('truncated request');
  return out;
}

/** Reads the whole request body. */
export function readBody(stream: http2.ServerHttp2Stream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Sends response headers, the messages, then trailers with the given status. */
export function reply(stream: http2.ServerHttp2Stream, messages: Buffer[], status = 0, message?: string,
  extra: http2.OutgoingHttpHeaders = {}): void {
  if (stream.destroyed) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...extra }, { waitForTrailers: true });
  stream.on('wantTrailers', () => {
    const trailers: http2.OutgoingHttpHeaders = { 'grpc-status': String(status) };
    if (message !== undefined) trailers['grpc-message'] = message;
    stream.sendTrailers(trailers);
  });
  stream.end(Buffer.concat(messages.map(frame)));
}

/** A trailers-only response (no messages), as servers send for errors. */
export function replyError(stream: http2.ServerHttp2Stream, status: number, message: string): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(status),
    'grpc-message': message }, { endStream: true });
}

/** grpc-message encoding: UTF-8, with bytes outside printable ASCII and '%' as %XX. */
export function percentEncode(text: string): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    out += b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Resolves after `n` turns of the event loop (lets I/O settle without wall-clock waits). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}
