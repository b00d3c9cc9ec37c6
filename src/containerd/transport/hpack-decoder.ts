// HPACK header block decoder (RFC 7541 §6). Strict: any malformed block throws an Http2Error with
// COMPRESSION_ERROR, after which the connection must be dropped (the table state is undefined).
import { Http2Error, H2Code } from './h2-error';
import { huffmanDecode } from './huffman';
import { DynamicTable, STATIC_TABLE } from './hpack-table';

/** Decoded header fields in wire order, as [name, value] pairs of latin1 strings. */
export type HeaderList = Array<[string, string]>;

const fail = (message: string): Http2Error => new Http2Error(H2Code.COMPRESSION_ERROR, `hpack: ${message}`);

/** Decodes header blocks of one connection direction; keeps the dynamic table between blocks. */
export class HpackDecoder {
  private readonly table: DynamicTable;
  /** The most our SETTINGS_HEADER_TABLE_SIZE allows the peer to choose. */
  private readonly maxAllowedSize: number;
  private readonly maxListSize: number;
  private pos = 0;

  constructor(maxTableSize = 4096, maxListSize = 16 << 20) {
    this.table = new DynamicTable(maxTableSize);
    this.maxAllowedSize = maxTableSize;
    this.maxListSize = maxListSize;
  }

  /** Current dynamic table size in octets (for tests). */
  get tableSize(): number {
    return this.table.size;
  }

  /** Decodes one complete header block (HEADERS + CONTINUATION payloads joined). */
  decode(block: Uint8Array): HeaderList {
    const out: HeaderList = [];
    let listSize = 0;
    let fieldSeen = false;
    this.pos = 0;
    while (this.pos < block.length) {
      const b = block[this.pos]!;
      if ((b & 0xe0) === 0x20) { // dynamic table size update
        if (fieldSeen) throw fail('table size update after a header field');
        const size = this.integer(block, 5);
        if (size > this.maxAllowedSize) throw fail(`table size ${size} exceeds the limit ${this.maxAllowedSize}`);
        this.table.resize(size);
        continue;
      }
      fieldSeen = true;
      const field = this.field(block, b);
      listSize += field[0].length + field[1].length + 32;
      if (listSize > this.maxListSize) throw fail(`header list larger than ${this.maxListSize} bytes`);
      out.push(field);
    }
    return out;
  }

  private field(block: Uint8Array, b: number): [string, string] {
    if (b & 0x80) { // indexed field
      const index = this.integer(block, 7);
      return [this.nameAt(index), this.valueAt(index)];
    }
    const incremental = (b & 0xc0) === 0x40;
    const index = this.integer(block, incremental ? 6 : 4); // without indexing (0000) or never (0001)
    const name = index === 0 ? this.string(block) : this.nameAt(index);
    const value = this.string(block);
    if (incremental) this.table.add(name, value);
    return [name, value];
  }

  private nameAt(index: number): string {
    if (index === 0) throw fail('index 0');
    if (index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1]![0];
    const name = this.table.name(index - STATIC_TABLE.length - 1);
    if (name === undefined) throw fail(`index ${index} beyond the table`);
    return name;
  }

  private valueAt(index: number): string {
    if (index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1]![1];
    return this.table.value(index - STATIC_TABLE.length - 1)!;
  }

  /** Reads an integer with an N-bit prefix (RFC 7541 §5.1); rejects values above 2^32. */
  private integer(block: Uint8Array, prefixBits: number): number {
    const max = (1 << prefixBits) - 1;
    let value = block[this.pos++]! & max;
    if (value < max) return value;
    let shift = 0;
    for (;;) {
      if (this.pos >= block.length) throw fail('truncated integer');
      const b = block[this.pos++]!;
      value += (b & 0x7f) * 2 ** shift;
      if (value > 0xffffffff) throw fail('integer overflow');
      if (!(b & 0x80)) return value;
      shift += 7;
    }
  }

  private string(block: Uint8Array): string {
    if (this.pos >= block.length) throw fail('truncated string');
    const huffman = (block[this.pos]! & 0x80) !== 0;
    const length = this.integer(block, 7);
    const start = this.pos;
    const end = start + length;
    if (end > block.length) throw fail('string longer than the block');
    this.pos = end;
    if (huffman) return huffmanDecode(block, start, end);
    return Buffer.from(block.buffer, block.byteOffset + start, length).toString('latin1');
  }
}
