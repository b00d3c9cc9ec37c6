// docker's detach sequence (default ctrl-p ctrl-q) spotted in the stdin byte stream. Bytes that
// start a sequence are held back until it completes or breaks, then passed on unchanged.

/** Parses docker's --detach-keys ("ctrl-p,ctrl-q", "a,ctrl-@"); throws on a bad key. */
export function parseDetachKeys(spec: string): number[] {
  return spec.split(',').map((key) => {
    const k = key.trim().toLowerCase();
    if (k.length === 1) return k.charCodeAt(0);
    const m = /^ctrl-(.)$/.exec(k);
    if (!m) throw new Error(`invalid detach key: ${key}`);
    const c = m[1]!;
    if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 96;
    const special: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, '_': 31 };
    if (special[c] === undefined) throw new Error(`invalid detach key: ${key}`);
    return special[c];
  });
}

export const DEFAULT_DETACH_KEYS = [16, 17];

/** Feeds stdin chunks; returns what to forward and whether the sequence was completed. */
export class DetachScanner {
  private matched = 0;

  constructor(private readonly keys: readonly number[] = DEFAULT_DETACH_KEYS) {}

  push(chunk: Buffer): { forward: Buffer; detach: boolean } {
    if (this.keys.length === 0) return { forward: chunk, detach: false };
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { forward: Buffer.from(out), detach: true };
        continue;
      }
      // A broken sequence: the held bytes were input after all.
      for (let i = 0; i < this.matched; i++) out.push(this.keys[i]!);
      this.matched = 0;
      if (byte === this.keys[0]) this.matched = 1;
      else out.push(byte);
    }
    return { forward: Buffer.from(out), detach: false };
  }
}
