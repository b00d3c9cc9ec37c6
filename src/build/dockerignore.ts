// .dockerignore with docker's rules: one pattern a line, `#` comments, `!` re-includes, Go
// filepath.Match syntax (`*`, `?`, `[...]`, `\`) plus `**` for any number of directories; a
// pattern also matches everything below a directory it matches; the last matching line wins.
import { posix } from 'node:path';
import { NerdtsError } from '../errors';

export interface IgnoreRule {
  pattern: string;
  exclusion: boolean;
  regex: RegExp;
}

function classToRegex(p: string, i: number): { text: string; end: number } {
  let j = i + 1;
  let text = '[';
  if (p[j] === '^' || p[j] === '!') { text += '^'; j++; }
  for (; j < p.length && p[j] !== ']'; j++) {
    const c = p[j]!;
    if (c === '\\' && j + 1 < p.length) { text += `\\${p[++j]}`; continue; }
    text += /[\]\\^]/.test(c) ? `\\${c}` : c;
  }
  if (j >= p.length) throw new NerdtsError('invalid-argument', `.dockerignore: syntax error in pattern "${p}"`);
  return { text: `${text}]`, end: j };
}

/** A pattern as an anchored regular expression over slash-separated relative paths. */
export function patternRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = classToRegex(pattern, i);
      re += cls.text;
      i = cls.end;
    } else if (c === '\\' && i + 1 < pattern.length) re += escapeRegex(pattern[++i]!);
    else re += escapeRegex(c);
  }
  return new RegExp(`^${re}(?:/.*)?$`, 's');
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Parses .dockerignore text into rules. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    let p = line.trim();
    if (p === '' || p.startsWith('#')) continue;
    const exclusion = p.startsWith('!');
    if (exclusion) p = p.slice(1).trim();
    if (p === '') continue;
    p = posix.normalize(p).replace(/^\/+/, '').replace(/\/+$/, '');
    if (p === '' || p === '.') p = '.';
    const regex = p === '.' ? /^.*$/s : patternRegex(p);
    rules.push({ pattern: p, exclusion, regex });
  }
  return rules;
}

/** Whether the context-relative path (slash-separated, no leading slash) is excluded. */
export function isIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  let ignored = false;
  for (const r of rules) if (r.regex.test(path)) ignored = !r.exclusion;
  return ignored;
}

/** Whether anything below an ignored directory could be re-included (then the walk must descend). */
export function mayReincludeBelow(rules: readonly IgnoreRule[], dir: string): boolean {
  return rules.some((r) => r.exclusion && (r.pattern.startsWith(`${dir}/`) || r.pattern.includes('*') || r.pattern.includes('?') || r.pattern.includes('[')));
}
