// HTTP/2 error codes (RFC 9113 §7) and the error thrown when the peer breaks the protocol.

/** HTTP/2 error codes carried by RST_STREAM and GOAWAY. */
export const H2Code = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd,
} as const;

/** A protocol violation; `h2code` is what we tell the peer in GOAWAY or RST_STREAM. */
export class Http2Error extends Error {
  readonly h2code: number;
  constructor(h2code: number, message: string) {
    super(message);
    this.name = 'Http2Error';
    this.h2code = h2code;
  }
}
