// An in-memory gRPC server speaking just enough HTTP/2 to answer the calls of hot commands, used only
// while building the start-up snapshot: `images` runs against it end to end (transport, HPACK,
// protobuf, image library, --format), so all that code is compiled into the blob.
import { Duplex } from 'node:stream';
import { FrameParser, FrameType, Flag, PREFACE, buildFrame, headerFrames, settingsFrame } from '../containerd/transport/frame';
import type { Frame } from '../containerd/transport/frame';
import { HpackDecoder } from '../containerd/transport/hpack-decoder';
import { HpackEncoder } from '../containerd/transport/hpack-encoder';
import { frameMessage } from '../containerd/transport/grpc-message';

/** Answers a request body for a gRPC path; undefined sends an empty OK message list. */
export type WarmUpHandler = (path: string, request: Buffer) => Buffer[];

interface PendingStream { path: string; body: Buffer[] }

/** The client's end of a connected pair; the other end serves `handler`. */
export function warmUpSocket(handler: WarmUpHandler): Duplex {
  const decoder = new HpackDecoder();
  const encoder = new HpackEncoder();
  const streams = new Map<number, PendingStream>();
  let prefaceLeft = PREFACE.length;
  let client: Duplex;
  const send = (b: Buffer): void => { client.push(b); };
  const respond = (id: number, s: PendingStream): void => {
    const messages = handler(s.path, Buffer.concat(s.body).subarray(5));
    send(headerFrames(id, encoder.encode([[':status', '200'], ['content-type', 'application/grpc']]), false, 16384));
    // DATA frames of at most 16 KiB (the default SETTINGS_MAX_FRAME_SIZE the client enforces).
    for (const m of messages) {
      for (const part of frameMessage(m)) {
        for (let at = 0; at < part.length; at += 16384) send(buildFrame(FrameType.DATA, 0, id, part.subarray(at, at + 16384)));
      }
    }
    send(headerFrames(id, encoder.encode([['grpc-status', '0']]), true, 16384));
  };
  const onFrame = (f: Frame): void => {
    if (f.type === FrameType.SETTINGS && !(f.flags & Flag.ACK)) send(buildFrame(FrameType.SETTINGS, Flag.ACK, 0));
    if (f.type === FrameType.HEADERS) {
      const path = decoder.decode(f.payload).find(([k]) => k === ':path')?.[1] ?? '';
      streams.set(f.streamId, { path, body: [] });
    }
    if (f.type === FrameType.DATA) streams.get(f.streamId)?.body.push(Buffer.from(f.payload));
    if ((f.type === FrameType.HEADERS || f.type === FrameType.DATA) && f.flags & Flag.END_STREAM) {
      const s = streams.get(f.streamId);
      streams.delete(f.streamId);
      if (s) respond(f.streamId, s);
    }
  };
  const parser = new FrameParser(1 << 24, onFrame);
  client = new Duplex({
    read() { /* pushed by the server side */ },
    write(chunk: Buffer, _enc, done) {
      let data = chunk;
      if (prefaceLeft > 0) {
        const skip = Math.min(prefaceLeft, data.length);
        prefaceLeft -= skip;
        data = data.subarray(skip);
      }
      if (data.length) parser.push(data);
      done();
    },
  });
  send(settingsFrame([]));
  return client;
}
