// Validation of the control frames a server sends (RFC 9113 §6): sizes, stream ids and setting
// ranges. Each reader throws an Http2Error (a connection error) for a malformed frame.
import { DEFAULT_MAX_FRAME_SIZE, Flag, Setting } from './frame';
import type { Frame } from './frame';
import { Http2Error, H2Code } from './h2-error';

const MAX_WINDOW = 2 ** 31 - 1;
const protocolError = (message: string): Http2Error => new Http2Error(H2Code.PROTOCOL_ERROR, message);
const sizeError = (message: string): Http2Error => new Http2Error(H2Code.FRAME_SIZE_ERROR, message);

/** The [id, value] pairs of a SETTINGS frame, or undefined for an ACK. */
export function readSettings(frame: Frame): Array<[number, number]> | undefined {
  const p = frame.payload;
  if (frame.streamId !== 0) throw protocolError('SETTINGS frame on a stream');
  if (frame.flags & Flag.ACK) {
    if (p.length !== 0) throw sizeError('SETTINGS ACK with a payload');
    return undefined;
  }
  if (p.length % 6 !== 0) throw sizeError('SETTINGS payload not a multiple of 6');
  const settings: Array<[number, number]> = [];
  for (let off = 0; off < p.length; off += 6) {
    const id = p.readUInt16BE(off);
    const value = p.readUInt32BE(off + 2);
    if (id === Setting.ENABLE_PUSH && value > 1) throw protocolError(`ENABLE_PUSH ${value}`);
    if (id === Setting.INITIAL_WINDOW_SIZE && value > MAX_WINDOW) {
      throw new Http2Error(H2Code.FLOW_CONTROL_ERROR, `INITIAL_WINDOW_SIZE ${value}`);
    }
    if (id === Setting.MAX_FRAME_SIZE && (value < DEFAULT_MAX_FRAME_SIZE || value > 0xffffff)) {
      throw protocolError(`MAX_FRAME_SIZE ${value} out of range`);
    }
    settings.push([id, value]);
  }
  return settings;
}

/** WINDOW_UPDATE increment (0 is left to the caller: a stream error on streams). */
export function readIncrement(frame: Frame): number {
  if (frame.payload.length !== 4) throw sizeError('WINDOW_UPDATE frame size');
  const increment = frame.payload.readUInt32BE(0) & 0x7fffffff;
  if (increment === 0 && frame.streamId === 0) throw protocolError('WINDOW_UPDATE of 0');
  return increment;
}

/** RST_STREAM error code. */
export function readResetCode(frame: Frame): number {
  if (frame.payload.length !== 4) throw sizeError('RST_STREAM frame size');
  return frame.payload.readUInt32BE(0);
}

/** True if the PING needs an ACK from us. */
export function pingNeedsAck(frame: Frame): boolean {
  if (frame.payload.length !== 8) throw sizeError('PING frame size');
  if (frame.streamId !== 0) throw protocolError('PING frame on a stream');
  return !(frame.flags & Flag.ACK);
}

/** PRIORITY frames are ignored, but must be well-formed. */
export function checkPriority(frame: Frame): void {
  if (frame.payload.length !== 5) throw sizeError('PRIORITY frame size');
  if (frame.streamId === 0) throw protocolError('PRIORITY frame on stream 0');
}

/** GOAWAY's last stream id and error code. */
export function readGoaway(frame: Frame): { lastStreamId: number; h2code: number } {
  if (frame.streamId !== 0) throw protocolError('GOAWAY frame on a stream');
  if (frame.payload.length < 8) throw sizeError('GOAWAY frame size');
  return { lastStreamId: frame.payload.readUInt32BE(0) & 0x7fffffff, h2code: frame.payload.readUInt32BE(4) };
}
