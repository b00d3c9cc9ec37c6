// The aligned option list of docker's help (pflag FlagUsagesWrapped): `  -q, --quiet`, the value
// name, the description starting in one column, `(default ...)`, wrapped to the terminal width.
import type { FlagSpec, FlagsSpec } from './flags';

/** One line per visible flag, sorted by long name, no trailing newline. */
export function formatFlagList(flags: FlagsSpec, columns: number): string {
  const rows = Object.entries(flags).filter(([, f]) => !f.hidden).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([long, f]) => [flagColumn(long, f), flagUsage(f)] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 1;
  const indent = width + 2;
  return rows.map(([left, usage]) => `${left.padEnd(width + 1)} ${wrap(indent, columns - 1, usage)}`.trimEnd()).join('\n');
}

function flagColumn(long: string, f: FlagSpec): string {
  let s = f.short ? `  -${f.short}, --${long}` : `      --${long}`;
  const name = valueName(f);
  if ('optionalValue' in f && f.optionalValue !== undefined) s += `[=${name}]`;
  else if (name) s += ` ${name}`;
  return s;
}

function valueName(f: FlagSpec): string {
  if (f.valueName) return f.valueName;
  switch (f.type) {
    case 'boolean': return '';
    case 'string': return 'string';
    case 'number': return 'int';
    case 'duration': return 'duration';
    case 'string[]': return f.split ? 'strings' : 'list';
  }
}

function flagUsage(f: FlagSpec): string {
  const def = defaultText(f);
  return f.description + (def ? ` (default ${def})` : '') + (f.deprecated ? ` (DEPRECATED: ${f.deprecated})` : '');
}

function defaultText(f: FlagSpec): string | undefined {
  if (f.defaultLabel) return f.defaultLabel;
  switch (f.type) {
    case 'boolean': return f.default ? 'true' : undefined;
    case 'string': return f.default ? JSON.stringify(f.default) : undefined;
    case 'number': return f.default ? String(f.default) : undefined;
    case 'duration': return f.default ? goDuration(f.default) : undefined;
    case 'string[]': return f.default?.length ? `[${f.default.join(',')}]` : undefined;
  }
}

/** Go's time.Duration.String for milliseconds: 500ms, 30s, 1m30s, 1h0m0s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/** pflag's wrap: text from column `indent` up to `width` (0: no wrapping); below 24 usable columns it moves to column 16. */
export function wrap(indent: number, width: number, text: string): string {
  if (width <= 0) return text;
  let room = width - indent;
  let lead = '';
  if (room < 24) {
    indent = 16;
    room = width - indent;
    lead = `\n${' '.repeat(indent)}`;
  }
  if (room < 24) return lead + text;
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let rest = text;
  while (rest !== '') {
    const [line, more] = splitAt(rest, room - 5, 5);
    lines.push(line);
    rest = more;
  }
  return lead + lines.join(`\n${pad}`);
}

/** Breaks at the last space before `at`, allowing `slop` extra columns to avoid a short orphan. */
function splitAt(s: string, at: number, slop: number): [string, string] {
  if (at + slop > s.length) return [s, ''];
  const w = s.lastIndexOf(' ', at - 1);
  if (w <= 0) return [s, ''];
  return [s.slice(0, w), s.slice(w + 1)];
}
