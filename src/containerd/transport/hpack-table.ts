// HPACK indexing tables (RFC 7541 §2.3): the static table of Appendix A and a dynamic table with
// size accounting and eviction, shared by the encoder and the decoder.

/** Static table entries; index i + 1 in HPACK terms. */
export const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'],
  [':path', '/index.html'], [':scheme', 'http'], [':scheme', 'https'], [':status', '200'],
  [':status', '204'], [':status', '206'], [':status', '304'], [':status', '400'],
  [':status', '404'], [':status', '500'], ['accept-charset', ''], ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''], ['accept-ranges', ''], ['accept', ''], ['access-control-allow-origin', ''],
  ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''],
  ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''],
  ['date', ''], ['etag', ''], ['expect', ''], ['expires', ''],
  ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''],
  ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''], ['last-modified', ''],
  ['link', ''], ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''],
  ['proxy-authorization', ''], ['range', ''], ['referer', ''], ['refresh', ''],
  ['retry-after', ''], ['server', ''], ['set-cookie', ''], ['strict-transport-security', ''],
  ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''],
  ['www-authenticate', ''],
];

/** Per-entry overhead counted in the table size (RFC 7541 §4.1). */
const ENTRY_OVERHEAD = 32;

/** Octet length of a latin1 header string. */
const octets = (s: string): number => s.length;

/** The dynamic table: newest entry first, bounded by maxSize octets. */
export class DynamicTable {
  // Ring buffer of entries; `head` is the newest.
  private names: string[] = [];
  private values: string[] = [];
  private head = 0;
  private count = 0;
  size = 0;
  maxSize: number;

  constructor(maxSize: number) {
    this.maxSize = maxSize;
  }

  get length(): number {
    return this.count;
  }

  /** Entry i (0 = newest) as [name, value]; undefined past the end. */
  name(i: number): string | undefined {
    return i < this.count ? this.names[(this.head + i) % this.names.length] : undefined;
  }

  value(i: number): string | undefined {
    return i < this.count ? this.values[(this.head + i) % this.values.length] : undefined;
  }

  /** Adds an entry, evicting the oldest as needed; an entry larger than the table empties it. */
  add(name: string, value: string): void {
    const entrySize = octets(name) + octets(value) + ENTRY_OVERHEAD;
    this.evictTo(this.maxSize - entrySize);
    if (entrySize > this.maxSize) return;
    if (this.count === this.names.length) this.grow();
    this.head = (this.head - 1 + this.names.length) % this.names.length;
    this.names[this.head] = name;
    this.values[this.head] = value;
    this.count++;
    this.size += entrySize;
  }

  /** Applies a new maximum size, evicting entries that no longer fit. */
  resize(maxSize: number): void {
    this.maxSize = maxSize;
    this.evictTo(maxSize);
  }

  private evictTo(limit: number): void {
    while (this.count > 0 && this.size > limit) {
      const last = (this.head + this.count - 1) % this.names.length;
      this.size -= octets(this.names[last]!) + octets(this.values[last]!) + ENTRY_OVERHEAD;
      this.names[last] = '';
      this.values[last] = '';
      this.count--;
    }
  }

  private grow(): void {
    const capacity = Math.max(16, this.names.length * 2);
    const names: string[] = new Array<string>(capacity);
    const values: string[] = new Array<string>(capacity);
    for (let i = 0; i < this.count; i++) {
      names[i] = this.name(i)!;
      values[i] = this.value(i)!;
    }
    this.names = names;
    this.values = values;
    this.head = 0;
  }
}
