// RUN --mount's flag text, read by the stage planner (which stages a RUN mounts from) and by the
// step that makes the mounts (run-mounts.ts).
import type { RunInstr } from './dockerfile/instructions';

/** `type=bind,source=x,target=/y` as key/value pairs (a bare word is `word=true`). */
export function parseMountFlag(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    out[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? 'true' : part.slice(eq + 1);
  }
  return out;
}

/** The `from=` of each RUN --mount that has one (stage names or image references). */
export function mountSources(i: Pick<RunInstr, 'mounts'>): string[] {
  return i.mounts.map((m) => parseMountFlag(m).from).filter((f): f is string => f !== undefined && f !== '');
}
