// HPACK Huffman coding (RFC 7541 §5.2, Appendix B). The code is canonical, so the bit length of
// each symbol is all we store; codes and the decoding automaton are derived on first use.
import { Http2Error, H2Code } from './h2-error';

// Code length of symbols 0..256 (256 = EOS), one letter each: 'a' = 5 bits ... 'z' = 30 bits.
const LENGTHS =
  'isxxxxxxxtzxxzxxxxxxxxzxxxxxxxxxbffhibdgffdgdbbbaaabbbbbbbcdkbhf' +
  'ibccccccccccccccccccccccdcdioijbkabababbbaccbbbabcbaabccccckgjix' +
  'prpprrrsrssssststtrstssssqrsrsstrqprrssqsrrtqrssqqrqsrssprrrsrrs' +
  'vvporsruvvvwwvtuoqvwwvwtqqvvxwwwptpqrqqsrruuttvsvwvvwwwwwxwwwwwv' +
  'z';
const EOS = 256;
const MIN_LEN = 5;
const MAX_LEN = 30;

// Built on first use (cheap: a counting sort of 257 lengths; this runs cold at CLI start-up).
let codeLen: Uint8Array | undefined;
let codeBits: Uint32Array | undefined;
/** Symbols ordered by (length, value): the canonical order. */
let sorted: Uint16Array | undefined;
/** Per length: first code, and index in `sorted` of its first symbol. */
let firstCode: Float64Array | undefined;
let firstIndex: Int32Array | undefined;
let countOf: Int32Array | undefined;

function buildCodes(): void {
  const len = new Uint8Array(257);
  const count = new Int32Array(MAX_LEN + 1);
  for (let i = 0; i < 257; i++) {
    len[i] = LENGTHS.charCodeAt(i) - 92;
    count[len[i]!]!++;
  }
  const start = new Int32Array(MAX_LEN + 2);
  for (let l = MIN_LEN; l <= MAX_LEN; l++) start[l + 1] = start[l]! + count[l]!;
  const order = new Uint16Array(257);
  const next = start.slice();
  for (let sym = 0; sym < 257; sym++) order[next[len[sym]!]!++] = sym;
  const first = new Float64Array(MAX_LEN + 1);
  const bits = new Uint32Array(257);
  let code = 0;
  for (let l = MIN_LEN; l <= MAX_LEN; l++) {
    first[l] = code;
    for (let i = start[l]!; i < start[l + 1]!; i++) bits[order[i]!] = code++;
    code *= 2;
  }
  codeLen = len;
  codeBits = bits;
  sorted = order;
  firstCode = first;
  firstIndex = start;
  countOf = count;
}

/** Number of bytes `data` takes when Huffman-coded. */
export function huffmanLength(data: Uint8Array): number {
  if (!codeLen) buildCodes();
  const len = codeLen!;
  let bits = 0;
  for (let i = 0; i < data.length; i++) bits += len[data[i]!]!;
  return (bits + 7) >>> 3;
}

/** Huffman-codes `data` into out[offset..]; returns the offset after the last byte written. */
export function huffmanEncode(data: Uint8Array, out: Uint8Array, offset: number): number {
  if (!codeLen) buildCodes();
  const len = codeLen!;
  const bits = codeBits!;
  let acc = 0; // pending bits, always fewer than 8 between symbols (so acc stays < 2^24)
  let n = 0;
  let pos = offset;
  for (let i = 0; i < data.length; i++) {
    const sym = data[i]!;
    let l = len[sym]!;
    let code = bits[sym]!;
    if (l > 16) { // push the high part first so acc never overflows 32 bits
      const high = l - 16;
      acc = (acc << high) | (code >>> 16);
      n += high;
      while (n >= 8) { n -= 8; out[pos++] = (acc >>> n) & 0xff; }
      code &= 0xffff;
      l = 16;
    }
    acc = ((acc << l) | code) & 0xffffff;
    n += l;
    while (n >= 8) { n -= 8; out[pos++] = (acc >>> n) & 0xff; }
  }
  if (n > 0) out[pos++] = ((acc << (8 - n)) | (0xff >>> n)) & 0xff; // pad with the EOS prefix (ones)
  return pos;
}

/** Decodes a Huffman-coded string as latin1 text; throws COMPRESSION_ERROR on bad input. */
export function huffmanDecode(data: Uint8Array, start: number, end: number): string {
  if (!codeLen) buildCodes();
  const first = firstCode!;
  const index = firstIndex!;
  const count = countOf!;
  const symbols = sorted!;
  const out = Buffer.allocUnsafe(Math.ceil(((end - start) * 8) / MIN_LEN));
  let n = 0;
  let code = 0; // bits of the symbol being read, and how many
  let l = 0;
  for (let i = start; i < end; i++) {
    const byte = data[i]!;
    for (let b = 7; b >= 0; b--) {
      code = code * 2 + ((byte >> b) & 1);
      l++;
      if (l < MIN_LEN) continue;
      // Canonical code: the codes of one length are consecutive, after all shorter ones.
      const k = code - first[l]!;
      if (k >= count[l]!) continue;
      const sym = symbols[index[l]! + k]!;
      if (sym === EOS) throw new Http2Error(H2Code.COMPRESSION_ERROR, 'huffman: EOS symbol in string');
      out[n++] = sym;
      code = 0;
      l = 0;
    }
  }
  // Padding: fewer than 8 bits, all ones (a prefix of EOS).
  if (l > 7 || code !== 2 ** l - 1) throw new Http2Error(H2Code.COMPRESSION_ERROR, 'huffman: invalid padding');
  return out.toString('latin1', 0, n);
}
