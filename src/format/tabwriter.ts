// Column alignment with Go text/tabwriter's elastic-tabstop rules, as docker uses them for tables:
// tabwriter.NewWriter(out, minwidth 10, tabwidth 1, padding 3, ' ', 0) (cli/command/formatter).
// Every cell but the last of a line belongs to a column; a column's width is decided per block of
// consecutive lines that have that column, so a line with fewer cells ends the block. Widths are
// display widths (East Asian wide characters count 2), as docker's runewidth-based fork does.

/** Column layout settings (Go tabwriter's minwidth and padding; padding is always spaces). */
export interface AlignOptions {
  /** Smallest column width, padding included (docker: 10). */
  minWidth?: number;
  /** Spaces added after the widest cell of a column (docker: 3). */
  padding?: number;
}

/** docker's table settings. */
export const DOCKER_TABLE_ALIGN: Readonly<Required<AlignOptions>> = { minWidth: 10, padding: 3 };

const WIDE = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
] as const;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f]$/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Terminal columns a string occupies. */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || ZERO_WIDTH.test(ch)) continue;
    w += WIDE.some(([lo, hi]) => c >= lo && c <= hi) ? 2 : 1;
  }
  return w;
}

// Assigns each line the column widths of the blocks it belongs to (Go's Writer.format).
function layout(cells: number[][], widths: number[][], col: number, from: number, to: number, stack: number[],
  opts: Required<AlignOptions>): void {
  let line0 = from;
  for (let i = from; i < to; i++) {
    if (col >= cells[i]!.length - 1) continue;
    const done = stack.slice();
    for (let k = line0; k < i; k++) widths[k] = done;
    let width = opts.minWidth;
    let j = i;
    for (; j < to && col < cells[j]!.length - 1; j++) width = Math.max(width, cells[j]![col]! + opts.padding);
    stack.push(width);
    layout(cells, widths, col + 1, i, j, stack, opts);
    stack.pop();
    line0 = j;
    i = j - 1;
  }
  const done = stack.slice();
  for (let k = line0; k < to; k++) widths[k] = done;
}

function render(cells: string[][], opts: AlignOptions): string[] {
  const o = { ...DOCKER_TABLE_ALIGN, ...opts };
  const cellWidths = cells.map((line) => line.map(displayWidth));
  const widths: number[][] = new Array(cells.length);
  layout(cellWidths, widths, 0, 0, cells.length, [], o);
  return cells.map((line, i) => {
    let out = '';
    const w = widths[i]!;
    const cw = cellWidths[i]!;
    for (let c = 0; c < line.length; c++) {
      out += line[c]!;
      if (c < line.length - 1 && c < w.length && w[c]! > cw[c]!) out += ' '.repeat(w[c]! - cw[c]!);
    }
    return out;
  });
}

/** Aligns rows of cells into lines ending in '\n'; the last cell of each row is not padded. */
export function alignColumns(rows: readonly (readonly string[])[], opts: AlignOptions = {}): string {
  if (rows.length === 0) return '';
  return render(rows.map((r) => [...r]), opts).join('\n') + '\n';
}

/** Aligns text whose cells are separated by '\t' and lines by '\n', as a tabwriter would. */
export function alignTabbed(text: string, opts: AlignOptions = {}): string {
  const lines = text.split('\n');
  return render(lines.map((l) => l.split('\t')), opts).join('\n');
}
