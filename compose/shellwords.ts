// Splits a command string into words the way docker compose does (go-shellwords without env or
// backtick expansion): blanks separate words, quotes group, a backslash escapes the next character
// (except inside single quotes), and an unquoted ; & | < > ends the command.
import { ComposeError } from './errors';

/** The words of a command line. */
export interface ShellWords {
  words: string[];
  /** Set when an unquoted ; & | < or > cut the line there: the rest is ignored, as in compose. */
  cutAt?: string;
}

const BLANK = ' \t\r\n';

/** `echo "a b" c\ d` -> ['echo', 'a b', 'c d']. Throws on unbalanced quotes. */
export function splitShellWords(line: string): ShellWords {
  const words: string[] = [];
  let buf = '';
  let started = false;
  let escaped = false;
  let dq = false;
  let sq = false;
  let bq = false;
  let paren = false;
  let cutAt: string | undefined;
  for (const c of line) {
    if (escaped) { buf += c; escaped = false; started = true; continue; }
    if (c === '\\') { if (sq) buf += c; else escaped = true; continue; }
    const quoted = sq || dq || bq || paren;
    if (BLANK.includes(c)) {
      if (quoted) buf += c;
      else if (started) { words.push(buf); buf = ''; started = false; }
      continue;
    }
    if (c === '"' && !sq && !paren) { dq = !dq; started = true; continue; }
    if (c === "'" && !dq && !paren) { sq = !sq; started = true; continue; }
    if (c === '`' && !sq && !dq && !paren) bq = !bq;
    else if (c === ')' && !sq && !dq && !bq) paren = !paren;
    else if (c === '(' && !sq && !dq && !bq) {
      if (paren || !buf.endsWith('$')) throw invalid(line);
      paren = true;
    } else if (';&|<>'.includes(c) && !quoted) { cutAt = c; break; }
    buf += c;
    started = true;
  }
  if (escaped || sq || dq || bq || paren) throw invalid(line);
  if (started) words.push(buf);
  return cutAt === undefined ? { words } : { words, cutAt };
}

function invalid(line: string): ComposeError {
  return new ComposeError(`invalid command line string: ${JSON.stringify(line)}`);
}
