// Go's string quoting (strconv.Quote and friends), used by %q, error messages and the lexer.

const HEX = '0123456789abcdef';
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint for one code point (letters, marks, numbers, punctuation, symbols, ASCII space). */
export function isPrintRune(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

function hexPad(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = HEX[n & 15] + s;
    n = Math.floor(n / 16);
  }
  return s;
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly ? r >= 0x20 && r < 0x7f : isPrintRune(r)) return String.fromCodePoint(r);
  switch (r) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 12: return '\\f';
    case 10: return '\\n';
    case 13: return '\\r';
    case 9: return '\\t';
    case 11: return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hexPad(r, 2);
  if (r >= 0xd800 && r <= 0xdfff) return '\\ufffd'; // a lone surrogate is invalid UTF-8 to Go
  if (r < 0x10000) return '\\u' + hexPad(r, 4);
  return '\\U' + hexPad(r, 8);
}

/** strconv.Quote (or QuoteToASCII): a double-quoted Go string literal. */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) {
      out += s[i];
      continue;
    }
    const r = s.codePointAt(i)!;
    if (r > 0xffff) i++;
    out += escapeRune(r, 0x22, asciiOnly);
  }
  return out + '"';
}

/** strconv.QuoteRune: a single-quoted Go character literal. */
export function goQuoteRune(r: number, asciiOnly = false): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return "'" + escapeRune(r, 0x27, asciiOnly) + "'";
}

/** strconv.CanBackquote: the string can be written as a raw `...` literal. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x60 || r === 0xfeff || (r < 0x20 && r !== 9) || r === 0x7f) return false;
    if (r >= 0xd800 && r <= 0xdfff) return false;
  }
  return true;
}

/** Go's %U (and %#U): `U+0041` or `U+0041 'A'`. */
export function formatUnicode(r: number, sharp: boolean): string {
  let hex = r.toString(16).toUpperCase();
  if (hex.length < 4) hex = '0000'.slice(hex.length) + hex;
  const base = 'U+' + hex;
  return sharp && isPrintRune(r) ? `${base} '${String.fromCodePoint(r)}'` : base;
}

/** Number of code points, which is what fmt's width and precision count. */
export function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}
