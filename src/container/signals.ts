// Signal names and numbers as docker parses them (moby's signal.ParseSignal): "15", "TERM",
// "SIGTERM", "sigterm", and the real-time "RTMIN+3" / "SIGRTMAX-2" forms.
import { constants } from 'node:os';
import { invalidArgument } from '../errors';

const RTMIN = 34;
const RTMAX = 64;

/** Linux's number for a signal name or number; throws docker's "Invalid signal" otherwise. */
export function parseSignal(raw: string): number {
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n === 0 || n > RTMAX) throw invalidArgument(`Invalid signal: ${raw}`);
    return n;
  }
  const name = raw.toUpperCase().replace(/^SIG/, '');
  const rt = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (rt) {
    const base = rt[1] === 'MIN' ? RTMIN : RTMAX;
    const offset = rt[3] === undefined ? 0 : Number(rt[3]) * (rt[2] === '-' ? -1 : 1);
    const n = base + offset;
    if (n >= RTMIN && n <= RTMAX) return n;
  } else {
    const n = (constants.signals as Record<string, number | undefined>)[`SIG${name}`];
    if (n !== undefined) return n;
  }
  throw invalidArgument(`Invalid signal: ${raw}`);
}

/** The conventional name of a signal number ("SIGTERM"), for messages. */
export function signalName(n: number): string {
  if (n >= RTMIN && n <= RTMAX) return n === RTMIN ? 'SIGRTMIN' : `SIGRTMIN+${n - RTMIN}`;
  const found = Object.entries(constants.signals).find(([, v]) => v === n);
  return found ? found[0] : String(n);
}

export const SIGKILL = 9;
export const SIGTERM = 15;
