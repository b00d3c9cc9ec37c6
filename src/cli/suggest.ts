// "Did you mean" for mistyped commands and flags: cobra's rule (small edit distance, or the typed
// word is a prefix of a candidate), closest first. The distance allowed shrinks for short words so
// `foo` does not suggest `top`.

/** Edit distance between two words (insert, delete, substitute; case-insensitive). */
export function levenshtein(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Candidates close to `typed`, best first; at most `limit`. */
export function suggest(typed: string, candidates: Iterable<string>, limit = 3): string[] {
  if (typed === '') return [];
  const scored: Array<[string, number]> = [];
  const allowed = Math.max(1, Math.min(2, Math.floor(typed.length / 2)));
  for (const c of new Set(candidates)) {
    const d = levenshtein(typed, c);
    if (d <= allowed || (typed.length > 1 && c.toLowerCase().startsWith(typed.toLowerCase()))) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return scored.slice(0, limit).map(([c]) => c);
}

/** cobra's block: "\n\nDid you mean this?\n\t<candidate>" (empty when there is nothing close). */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}` : '';
}
