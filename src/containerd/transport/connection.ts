// The client side of one HTTP/2 connection (RFC 9113): preface and SETTINGS, stream multiplexing
// under the peer's concurrency limit, flow control both ways, PING, GOAWAY and RST_STREAM.
import type { Duplex } from 'node:stream';
import { GrpcCode, GrpcStatusError } from './channel';
import {
  Flag, FrameParser, FrameType, PREFACE, Setting, DEFAULT_MAX_FRAME_SIZE, buildFrame, goawayFrame,
  headerFrames, rstStreamFrame, settingsFrame, windowUpdateFrame,
} from './frame';
import type { Frame } from './frame';
import { Http2Error, H2Code } from './h2-error';
import { HpackDecoder } from './hpack-decoder';
import type { HeaderList } from './hpack-decoder';
import { HpackEncoder } from './hpack-encoder';
import { H2Stream } from './h2-stream';
import type { StreamHandler, StreamHost } from './h2-stream';
import { errorFromReset, h2CodeName } from './grpc-status';
import { ReceiveSide } from './receive';
import { checkPriority, pingNeedsAck, readGoaway, readIncrement, readResetCode, readSettings } from './control';
import { Outbound } from './outbound';
import type { ReceiveHost } from './receive';

/** A socket (or any duplex byte stream); ref/unref are used when present. */
export type ByteStream = Duplex & { ref?(): unknown; unref?(): unknown; setNoDelay?(noDelay?: boolean): unknown };

/** HTTP/2 receive-side limits we advertise to the server. */
export interface ConnectionOptions {
  /** Receive window per stream (SETTINGS_INITIAL_WINDOW_SIZE); bounds buffering per call. */
  streamWindow?: number;
  /** Receive window of the whole connection. */
  connectionWindow?: number;
  /** Largest header block we accept (SETTINGS_MAX_HEADER_LIST_SIZE). */
  maxHeaderListSize?: number;
}

/** Largest flow-control window HTTP/2 allows. */
export const MAX_WINDOW = 2 ** 31 - 1;
const MAX_STREAM_ID = 2 ** 31 - 1;
const DEFAULT_STREAM_WINDOW = 16 << 20;
const DEFAULT_MAX_HEADER_LIST = 4 << 20;

/** One multiplexed HTTP/2 client connection over a byte stream. */
export class Connection implements StreamHost, ReceiveHost {
  private readonly streams = new Map<number, H2Stream>();
  private readonly waiting: H2Stream[] = [];
  private nextStreamId = 1;
  private peerSettingsSeen = false;
  private peerMaxConcurrent = 1; // until the server's SETTINGS arrive, open one stream at a time
  private peerInitialWindow = 65535;
  private readonly encoder = new HpackEncoder();
  private readonly receive: ReceiveSide;
  private readonly parser: FrameParser;
  private readonly out: Outbound;
  private dead: GrpcStatusError | undefined;
  private goingAway = false;
  private reffed = true;
  readonly streamWindow: number;

  constructor(private readonly socket: ByteStream, options: ConnectionOptions = {}) {
    this.streamWindow = Math.max(1, Math.min(MAX_WINDOW, options.streamWindow ?? DEFAULT_STREAM_WINDOW));
    const connectionWindow = Math.max(65535, Math.min(MAX_WINDOW, options.connectionWindow ?? MAX_WINDOW));
    const maxHeaderList = options.maxHeaderListSize ?? DEFAULT_MAX_HEADER_LIST;
    this.receive = new ReceiveSide(this, new HpackDecoder(4096, maxHeaderList), maxHeaderList, connectionWindow);
    this.parser = new FrameParser(DEFAULT_MAX_FRAME_SIZE, (frame) => this.onFrame(frame));
    this.out = new Outbound(socket, (stream) => {
      stream.localEnded = true;
      if (stream.remoteEnded) this.closeStream(stream);
    });
    this.out.write(Buffer.from(PREFACE, 'latin1'));
    this.out.write(settingsFrame([
      [Setting.ENABLE_PUSH, 0],
      [Setting.INITIAL_WINDOW_SIZE, this.streamWindow],
      [Setting.MAX_HEADER_LIST_SIZE, maxHeaderList],
    ]));
    if (connectionWindow > 65535) this.out.write(windowUpdateFrame(0, connectionWindow - 65535));
    socket.setNoDelay?.(true); // TCP (tests): frames are small writes, Nagle would stall them
    socket.on('data', (chunk: Buffer) => this.onBytes(chunk));
    socket.on('error', (err: Error) => this.fail(new GrpcStatusError(GrpcCode.UNAVAILABLE, `connection error: ${err.message}`)));
    socket.on('close', () => this.fail(new GrpcStatusError(GrpcCode.UNAVAILABLE, 'connection closed by server')));
    this.updateRef();
  }

  /** Why the connection can take no new calls, if it cannot. */
  get unusable(): GrpcStatusError | undefined {
    if (this.dead) return this.dead;
    if (this.goingAway) return new GrpcStatusError(GrpcCode.UNAVAILABLE, 'connection is going away (GOAWAY received)');
    return undefined;
  }

  /** Creates a stream; it opens (HEADERS sent) as soon as the peer's concurrency limit allows. */
  startStream(headers: HeaderList, handler: StreamHandler): H2Stream {
    const stream = new H2Stream(this, headers, handler);
    const reason = this.unusable;
    if (reason) {
      stream.closed = true;
      queueMicrotask(() => handler.onAbort(reason));
      return stream;
    }
    this.waiting.push(stream);
    this.openWaiting();
    this.updateRef();
    return stream;
  }

  /** Ends the connection: GOAWAY, then the socket; open calls fail with `error`. */
  close(error: GrpcStatusError): void {
    if (this.dead) return;
    this.out.write(goawayFrame(0, H2Code.NO_ERROR));
    this.fail(error);
  }

  // ---- StreamHost ----

  wantsToSend(stream: H2Stream): void {
    if (stream.id === 0 || stream.closed) return;
    this.out.enqueue(stream);
    this.out.pump();
  }

  credit(stream: H2Stream, bytes: number): void {
    stream.unannounced += bytes;
    if (stream.remoteEnded || stream.unannounced < this.streamWindow / 2) return;
    this.out.write(windowUpdateFrame(stream.id, stream.unannounced));
    stream.recvWindow += stream.unannounced;
    stream.unannounced = 0;
  }

  reset(stream: H2Stream, code: number): void {
    if (stream.closed) return;
    if (stream.id === 0) {
      stream.closed = true;
      this.waiting.splice(this.waiting.indexOf(stream), 1);
      this.updateRef();
      return;
    }
    this.out.write(rstStreamFrame(stream.id, code));
    this.closeStream(stream);
  }

  // ---- used by ReceiveSide ----

  /** The open stream a frame refers to; undefined if already closed; throws for idle streams. */
  streamFor(streamId: number, type: string): H2Stream | undefined {
    if (streamId === 0) throw new Http2Error(H2Code.PROTOCOL_ERROR, `${type} frame on stream 0`);
    if (streamId % 2 === 0 || streamId >= this.nextStreamId) {
      throw new Http2Error(H2Code.PROTOCOL_ERROR, `${type} frame on idle stream ${streamId}`);
    }
    return this.streams.get(streamId);
  }

  /** Announces connection-level receive credit. */
  sendConnectionWindowUpdate(increment: number): void {
    this.out.write(windowUpdateFrame(0, increment));
  }

  /** Stream error detected by us: reset the stream and fail its call. */
  streamError(stream: H2Stream, h2code: number, message: string): void {
    this.out.write(rstStreamFrame(stream.id, h2code));
    this.abortStream(stream, new GrpcStatusError(GrpcCode.INTERNAL, `${message} (${h2CodeName(h2code)})`));
  }

  /** Marks a half-close from the server; the stream closes once both sides ended. */
  remoteEnd(stream: H2Stream): void {
    stream.remoteEnded = true;
    if (stream.localEnded) this.closeStream(stream);
  }

  // ---- frames ----

  private onBytes(chunk: Buffer): void {
    if (!this.peerSettingsSeen && chunk.subarray(0, 5).toString('latin1') === 'HTTP/') {
      return this.fail(new GrpcStatusError(GrpcCode.UNAVAILABLE, 'server answered with HTTP/1.x, not HTTP/2'));
    }
    try {
      this.parser.push(chunk);
    } catch (err) {
      if (err instanceof Http2Error) {
        this.out.write(goawayFrame(0, err.h2code));
        this.fail(new GrpcStatusError(GrpcCode.INTERNAL, `http2 protocol error: ${err.message}`));
      } else {
        this.fail(new GrpcStatusError(GrpcCode.INTERNAL, `http2 client error: ${(err as Error).message}`));
      }
    }
  }

  private onFrame(frame: Frame): void {
    if (!this.peerSettingsSeen && (frame.type !== FrameType.SETTINGS || frame.flags & Flag.ACK)) {
      throw new Http2Error(H2Code.PROTOCOL_ERROR, 'server did not start with SETTINGS (not an HTTP/2 server?)');
    }
    this.receive.continuationCheck(frame);
    switch (frame.type) {
      case FrameType.DATA: return this.receive.onData(frame);
      case FrameType.HEADERS: return this.receive.onHeaders(frame);
      case FrameType.CONTINUATION: return this.receive.onContinuation(frame);
      case FrameType.SETTINGS: return this.onSettings(frame);
      case FrameType.WINDOW_UPDATE: return this.onWindowUpdate(frame);
      case FrameType.RST_STREAM: return this.onReset(frame);
      case FrameType.PING:
        if (pingNeedsAck(frame)) this.out.write(buildFrame(FrameType.PING, Flag.ACK, 0, frame.payload));
        return undefined;
      case FrameType.GOAWAY: return this.onGoaway(frame);
      case FrameType.PRIORITY: return checkPriority(frame);
      case FrameType.PUSH_PROMISE: throw new Http2Error(H2Code.PROTOCOL_ERROR, 'PUSH_PROMISE with push disabled');
      default: return undefined; // unknown frame types are ignored (RFC 9113 §4.1)
    }
  }

  private onSettings(frame: Frame): void {
    const settings = readSettings(frame);
    if (!settings) return;
    if (!this.peerSettingsSeen) {
      this.peerSettingsSeen = true;
      this.peerMaxConcurrent = Infinity;
    }
    for (const [id, value] of settings) {
      if (id === Setting.HEADER_TABLE_SIZE) this.encoder.setPeerTableSize(value);
      else if (id === Setting.MAX_CONCURRENT_STREAMS) this.peerMaxConcurrent = value;
      else if (id === Setting.INITIAL_WINDOW_SIZE) this.setPeerInitialWindow(value);
      else if (id === Setting.MAX_FRAME_SIZE) this.out.maxFrameSize = value;
      // MAX_HEADER_LIST_SIZE is advisory, ENABLE_PUSH is ours to set; unknown ones are ignored
    }
    this.out.write(buildFrame(FrameType.SETTINGS, Flag.ACK, 0));
    this.openWaiting();
    this.out.pump();
  }

  private setPeerInitialWindow(value: number): void {
    const delta = value - this.peerInitialWindow;
    this.peerInitialWindow = value;
    for (const stream of this.streams.values()) {
      stream.sendWindow += delta;
      if (stream.sendWindow > MAX_WINDOW) throw new Http2Error(H2Code.FLOW_CONTROL_ERROR, 'stream window overflow');
      if (delta > 0 && stream.hasOutput) this.out.enqueue(stream);
    }
  }

  private onWindowUpdate(frame: Frame): void {
    const increment = readIncrement(frame);
    if (frame.streamId === 0) {
      this.out.sendWindow += increment;
      if (this.out.sendWindow > MAX_WINDOW) throw new Http2Error(H2Code.FLOW_CONTROL_ERROR, 'connection window overflow');
      return this.out.pump();
    }
    const stream = this.streamFor(frame.streamId, 'WINDOW_UPDATE');
    if (!stream) return;
    if (increment === 0) return this.streamError(stream, H2Code.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0');
    stream.sendWindow += increment;
    if (stream.sendWindow > MAX_WINDOW) return this.streamError(stream, H2Code.FLOW_CONTROL_ERROR, 'stream window overflow');
    if (stream.hasOutput) this.wantsToSend(stream);
  }

  private onReset(frame: Frame): void {
    const code = readResetCode(frame);
    const stream = this.streamFor(frame.streamId, 'RST_STREAM');
    if (stream) this.abortStream(stream, errorFromReset(code));
  }

  private onGoaway(frame: Frame): void {
    const { lastStreamId, h2code } = readGoaway(frame);
    const error = new GrpcStatusError(GrpcCode.UNAVAILABLE, `server closed the connection (GOAWAY ${h2CodeName(h2code)})`);
    // An error GOAWAY means the server is dropping the connection (RFC 9113 §5.4.1): waiting for
    // streams it might still answer could wait forever if it never closes the socket.
    if (h2code !== H2Code.NO_ERROR) return this.fail(error);
    this.goingAway = true;
    for (const stream of [...this.streams.values()]) if (stream.id > lastStreamId) this.abortStream(stream, error);
    for (const stream of this.waiting.splice(0)) this.abortStream(stream, error);
    this.updateRef();
    if (this.streams.size === 0) this.shutdownSocket();
  }

  // ---- streams ----

  private openWaiting(): void {
    while (this.waiting.length > 0 && this.streams.size < this.peerMaxConcurrent && !this.dead && !this.goingAway) {
      const stream = this.waiting.shift()!;
      if (this.nextStreamId > MAX_STREAM_ID) {
        this.goingAway = true;
        this.abortStream(stream, new GrpcStatusError(GrpcCode.UNAVAILABLE, 'connection ran out of stream ids'));
        continue;
      }
      stream.id = this.nextStreamId;
      this.nextStreamId += 2;
      stream.sendWindow = this.peerInitialWindow;
      stream.recvWindow = this.streamWindow;
      this.streams.set(stream.id, stream);
      const endStream = stream.endQueued && stream.queuedBytes === 0;
      this.out.write(headerFrames(stream.id, this.encoder.encode(stream.headers), endStream, this.out.maxFrameSize));
      if (endStream) stream.localEnded = true;
      else if (stream.hasOutput) this.wantsToSend(stream);
    }
  }

  private closeStream(stream: H2Stream): void {
    if (stream.closed) return;
    stream.closed = true;
    this.streams.delete(stream.id);
    this.out.drop(stream);
    this.openWaiting();
    this.updateRef();
    if (this.goingAway && this.streams.size === 0) this.shutdownSocket();
  }

  /** Closes a stream without telling the peer and fails its call. */
  private abortStream(stream: H2Stream, error: GrpcStatusError): void {
    if (stream.id === 0) {
      stream.closed = true;
      const i = this.waiting.indexOf(stream);
      if (i >= 0) this.waiting.splice(i, 1);
    } else {
      this.closeStream(stream);
    }
    stream.failWrites(error);
    stream.handler.onAbort(error);
  }

  // ---- life cycle ----

  private updateRef(): void {
    const busy = !this.dead && (this.streams.size > 0 || this.waiting.length > 0);
    if (busy === this.reffed) return;
    this.reffed = busy;
    if (busy) this.socket.ref?.();
    else this.socket.unref?.();
  }

  private shutdownSocket(): void {
    this.fail(new GrpcStatusError(GrpcCode.UNAVAILABLE, 'connection closed after GOAWAY'));
  }

  private fail(error: GrpcStatusError): void {
    if (this.dead) return;
    this.parser.stop();
    const victims = [...this.streams.values(), ...this.waiting];
    this.streams.clear();
    this.waiting.length = 0;
    this.out.clear();
    this.socket.end();
    this.socket.once('finish', () => this.socket.destroy());
    this.dead = error;
    this.out.dead = error;
    this.updateRef();
    for (const stream of victims) {
      stream.closed = true;
      stream.failWrites(error);
      stream.handler.onAbort(error);
    }
  }
}
