// Frames the server sends on streams: DATA (with connection-level flow control and padding) and
// header blocks (HEADERS + CONTINUATION, decoded in wire order to keep the HPACK table in sync).
import { Flag, FrameType } from './frame';
import type { Frame } from './frame';
import { Http2Error, H2Code } from './h2-error';
import type { HpackDecoder } from './hpack-decoder';
import type { H2Stream } from './h2-stream';

/** What the receive side needs from the connection. */
export interface ReceiveHost {
  streamFor(streamId: number, type: string): H2Stream | undefined;
  sendConnectionWindowUpdate(increment: number): void;
  credit(stream: H2Stream, bytes: number): void;
  streamError(stream: H2Stream, h2code: number, message: string): void;
  remoteEnd(stream: H2Stream): void;
}

interface PendingBlock {
  streamId: number;
  endStream: boolean;
  parts: Buffer[];
  size: number;
}

/** Stream-level frames from the server, and the connection receive window. */
export class ReceiveSide {
  private block: PendingBlock | undefined;
  /** Connection receive window as the peer sees it, and credit not yet announced. */
  private window: number;
  private unannounced = 0;

  constructor(private readonly host: ReceiveHost, private readonly decoder: HpackDecoder,
    private readonly maxBlockSize: number, private readonly connectionWindow: number) {
    this.window = connectionWindow;
  }

  /** While a header block is open, only its CONTINUATION frames may arrive (RFC 9113 §6.10). */
  continuationCheck(frame: Frame): void {
    if (this.block) {
      if (frame.type !== FrameType.CONTINUATION || frame.streamId !== this.block.streamId) {
        throw new Http2Error(H2Code.PROTOCOL_ERROR, 'header block interrupted before END_HEADERS');
      }
    } else if (frame.type === FrameType.CONTINUATION) {
      throw new Http2Error(H2Code.PROTOCOL_ERROR, 'CONTINUATION without a header block');
    }
  }

  onData(frame: Frame): void {
    const length = frame.payload.length;
    this.window -= length;
    if (this.window < 0) throw new Http2Error(H2Code.FLOW_CONTROL_ERROR, 'connection receive window exceeded');
    // The connection window is credited at once: per-stream windows are what bound buffering.
    this.unannounced += length;
    if (this.unannounced >= this.connectionWindow / 2) {
      this.host.sendConnectionWindowUpdate(this.unannounced);
      this.window += this.unannounced;
      this.unannounced = 0;
    }
    const data = unpad(frame, 0);
    const stream = this.host.streamFor(frame.streamId, 'DATA');
    if (!stream) return;
    if (stream.remoteEnded) return this.host.streamError(stream, H2Code.STREAM_CLOSED, 'DATA after END_STREAM');
    stream.recvWindow -= length;
    if (stream.recvWindow < 0) {
      return this.host.streamError(stream, H2Code.FLOW_CONTROL_ERROR, 'stream receive window exceeded');
    }
    if (length > data.length) this.host.credit(stream, length - data.length); // padding
    const endStream = (frame.flags & Flag.END_STREAM) !== 0;
    if (endStream) this.host.remoteEnd(stream);
    stream.handler.onData(data, endStream);
  }

  onHeaders(frame: Frame): void {
    if (frame.streamId === 0) throw new Http2Error(H2Code.PROTOCOL_ERROR, 'HEADERS frame on stream 0');
    const fragment = unpad(frame, frame.flags & Flag.PRIORITY ? 5 : 0);
    const endStream = (frame.flags & Flag.END_STREAM) !== 0;
    if (frame.flags & Flag.END_HEADERS) return this.finish(frame.streamId, endStream, fragment);
    this.block = { streamId: frame.streamId, endStream, parts: [Buffer.from(fragment)], size: fragment.length };
    this.checkSize(this.block.size);
  }

  onContinuation(frame: Frame): void {
    const block = this.block!;
    block.parts.push(Buffer.from(frame.payload));
    block.size += frame.payload.length;
    this.checkSize(block.size);
    if (!(frame.flags & Flag.END_HEADERS)) return;
    this.block = undefined;
    this.finish(block.streamId, block.endStream, Buffer.concat(block.parts, block.size));
  }

  private checkSize(size: number): void {
    if (size > this.maxBlockSize) {
      throw new Http2Error(H2Code.ENHANCE_YOUR_CALM, `header block larger than ${this.maxBlockSize} bytes`);
    }
  }

  private finish(streamId: number, endStream: boolean, block: Buffer): void {
    const fields = this.decoder.decode(block); // even for closed streams: the table must stay in sync
    const stream = this.host.streamFor(streamId, 'HEADERS');
    if (!stream) return;
    if (stream.remoteEnded) return this.host.streamError(stream, H2Code.STREAM_CLOSED, 'HEADERS after END_STREAM');
    if (endStream) this.host.remoteEnd(stream);
    stream.handler.onHeaders(fields, endStream);
  }
}

/** The frame's payload without padding and `skip` bytes of priority fields. */
function unpad(frame: Frame, skip: number): Buffer {
  const p = frame.payload;
  if (!(frame.flags & Flag.PADDED)) {
    if (skip > p.length) throw new Http2Error(H2Code.FRAME_SIZE_ERROR, 'frame too short');
    return p.subarray(skip);
  }
  if (p.length < 1) throw new Http2Error(H2Code.FRAME_SIZE_ERROR, 'padded frame without pad length');
  const padLength = p[0]!;
  if (1 + skip + padLength > p.length) throw new Http2Error(H2Code.PROTOCOL_ERROR, 'padding exceeds the frame');
  return p.subarray(1 + skip, p.length - padLength);
}
