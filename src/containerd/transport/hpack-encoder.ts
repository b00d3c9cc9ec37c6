// HPACK header block encoder (RFC 7541 §6). Uses the static table, a dynamic table for small
// repeated fields, and Huffman coding whenever it is shorter.
import { huffmanEncode, huffmanLength } from './huffman';
import { DynamicTable, STATIC_TABLE } from './hpack-table';

/** Fields worth indexing are small; values that change on every call are never indexed. */
const NOT_INDEXED = new Set(['grpc-timeout', 'content-length']);

let staticByField: Map<string, number> | undefined;
let staticByName: Map<string, number> | undefined;

function staticIndexes(): void {
  staticByField = new Map();
  staticByName = new Map();
  STATIC_TABLE.forEach(([name, value], i) => {
    staticByField!.set(`${name}\0${value}`, i + 1);
    if (!staticByName!.has(name)) staticByName!.set(name, i + 1);
  });
}

/** Encodes header blocks for one connection direction; keeps the dynamic table between blocks. */
export class HpackEncoder {
  private readonly table: DynamicTable;
  /** The table size we use: the peer's SETTINGS_HEADER_TABLE_SIZE, capped by maxTableSize. */
  private limit: number;
  /** Smallest limit since the last block; a dip must be signalled even if it recovered. */
  private smallest: number;
  private sizeChanged = false;
  private out: Buffer = Buffer.allocUnsafe(256);
  private pos = 0;

  /**
   * `maxTableSize` caps our table even if the peer allows more (memory and lookup cost);
   * `huffman` 'auto' codes a string only when that makes it shorter (the others are for tests);
   * `peerTableSize` is the size the peer's decoder starts with (4096 unless agreed otherwise).
   */
  constructor(private readonly maxTableSize = 4096, private readonly huffman: 'auto' | 'always' | 'never' = 'auto',
    peerTableSize = 4096) {
    this.limit = Math.min(maxTableSize, peerTableSize);
    this.smallest = this.limit;
    this.sizeChanged = this.limit !== peerTableSize; // tell the decoder we use less than it assumes
    this.table = new DynamicTable(this.limit);
  }

  /** Current dynamic table size in octets (for tests). */
  get tableSize(): number {
    return this.table.size;
  }

  /** Applies the peer's SETTINGS_HEADER_TABLE_SIZE; signalled at the start of the next block. */
  setPeerTableSize(size: number): void {
    const next = Math.min(size, this.maxTableSize);
    if (next === this.limit) return;
    this.limit = next;
    this.smallest = Math.min(this.smallest, next);
    this.sizeChanged = true;
  }

  /** Encodes [name, value] pairs (names lower-case, latin1 strings) into one header block. */
  encode(fields: Iterable<readonly [string, string]>): Buffer {
    this.pos = 0;
    if (this.sizeChanged) {
      if (this.smallest < this.limit) {
        this.integer(0x20, 5, this.smallest);
        this.table.resize(this.smallest);
      }
      this.integer(0x20, 5, this.limit);
      this.table.resize(this.limit);
      this.smallest = this.limit;
      this.sizeChanged = false;
    }
    if (!staticByField) staticIndexes();
    for (const [name, value] of fields) this.field(name, value);
    return Buffer.from(this.out.subarray(0, this.pos));
  }

  private field(name: string, value: string): void {
    const full = staticByField!.get(`${name}\0${value}`) ?? this.dynamicIndex(name, value, true);
    if (full) {
      this.integer(0x80, 7, full);
      return;
    }
    const nameIndex = staticByName!.get(name) ?? this.dynamicIndex(name, value, false);
    const size = name.length + value.length + 32;
    const indexed = size <= this.table.maxSize / 2 && !NOT_INDEXED.has(name);
    if (indexed) this.integer(0x40, 6, nameIndex);
    else this.integer(0x00, 4, nameIndex);
    if (nameIndex === 0) this.string(name);
    this.string(value);
    if (indexed) this.table.add(name, value);
  }

  /** HPACK index of a dynamic entry matching the field (or only its name), 0 if none. */
  private dynamicIndex(name: string, value: string, needValue: boolean): number {
    for (let i = 0; i < this.table.length; i++) {
      if (this.table.name(i) === name && (!needValue || this.table.value(i) === value)) {
        return STATIC_TABLE.length + 1 + i;
      }
    }
    return 0;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + n));
    this.out.copy(bigger, 0, 0, this.pos);
    this.out = bigger;
  }

  /** Writes an integer with an N-bit prefix after the pattern bits `first` (RFC 7541 §5.1). */
  private integer(first: number, prefixBits: number, value: number): void {
    this.reserve(6);
    const max = (1 << prefixBits) - 1;
    if (value < max) {
      this.out[this.pos++] = first | value;
      return;
    }
    this.out[this.pos++] = first | max;
    value -= max;
    while (value >= 0x80) {
      this.out[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.out[this.pos++] = value;
  }

  private string(text: string): void {
    const raw = Buffer.from(text, 'latin1');
    const coded = this.huffman === 'never' ? Infinity : huffmanLength(raw);
    if (coded < raw.length || (this.huffman === 'always' && coded !== Infinity)) {
      this.integer(0x80, 7, coded);
      this.reserve(coded);
      this.pos = huffmanEncode(raw, this.out, this.pos);
    } else {
      this.integer(0x00, 7, raw.length);
      this.reserve(raw.length);
      this.pos += raw.copy(this.out, this.pos);
    }
  }
}
