// WWW-Authenticate parsing (RFC 7235): several challenges per header, auth-params with quoted
// strings that may contain commas, e.g.
//   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"

export interface AuthChallenge {
  /** Lower-case scheme: `bearer`, `basic`, ... */
  scheme: string;
  /** Lower-case parameter names. */
  params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

interface Scan { s: string; i: number }

function skip(sc: Scan, chars: string): void {
  while (sc.i < sc.s.length && chars.includes(sc.s[sc.i]!)) sc.i++;
}

function token(sc: Scan): string {
  const start = sc.i;
  while (sc.i < sc.s.length && TOKEN_CHAR.test(sc.s[sc.i]!)) sc.i++;
  return sc.s.slice(start, sc.i);
}

function quoted(sc: Scan): string {
  let out = '';
  for (sc.i++; sc.i < sc.s.length; sc.i++) {
    const ch = sc.s[sc.i]!;
    if (ch === '"') {
      sc.i++;
      return out;
    }
    if (ch === '\\' && sc.i + 1 < sc.s.length) sc.i++;
    out += sc.s[sc.i];
  }
  return out;
}

// Unquoted values are tokens per the RFC, but realms like https://x/token appear unquoted in the wild.
function bareValue(sc: Scan): string {
  const start = sc.i;
  while (sc.i < sc.s.length && sc.s[sc.i] !== ',' && sc.s[sc.i] !== ' ' && sc.s[sc.i] !== '\t') sc.i++;
  return sc.s.slice(start, sc.i);
}

// Reads `name = value` at the cursor; leaves the cursor alone and returns undefined when the next
// thing is not a parameter (then it starts the next challenge).
function param(sc: Scan): [string, string] | undefined {
  const start = sc.i;
  const name = token(sc);
  skip(sc, ' \t');
  if (!name || sc.s[sc.i] !== '=') {
    sc.i = start;
    return undefined;
  }
  sc.i++;
  skip(sc, ' \t');
  const value = sc.s[sc.i] === '"' ? quoted(sc) : bareValue(sc);
  return [name.toLowerCase(), value];
}

/** Parses one or more WWW-Authenticate header values into challenges; junk is skipped. */
export function parseWwwAuthenticate(header: string | readonly string[] | undefined): AuthChallenge[] {
  if (header === undefined) return [];
  const values = typeof header === 'string' ? [header] : header;
  const out: AuthChallenge[] = [];
  for (const value of values) {
    const sc: Scan = { s: value, i: 0 };
    while (sc.i < sc.s.length) {
      skip(sc, ' \t,');
      const scheme = token(sc);
      if (!scheme) {
        sc.i++;
        continue;
      }
      const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
      skip(sc, ' \t');
      for (let p = param(sc); p; p = param(sc)) {
        challenge.params[p[0]] = p[1];
        skip(sc, ' \t,');
      }
      out.push(challenge);
    }
  }
  return out;
}
