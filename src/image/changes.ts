// `--change` instructions for import and commit: the Dockerfile subset docker accepts there.
import { invalidArgument } from '../errors';
import type { ImageRuntimeConfig } from '../inspect/image';

const ALLOWED = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'USER', 'VOLUME', 'WORKDIR', 'STOPSIGNAL']);

function jsonOrShell(value: string): string[] {
  const t = value.trim();
  if (t.startsWith('[')) {
    try {
      const parsed = JSON.parse(t) as unknown;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
    } catch { /* shell form below, as docker does for malformed JSON */ }
  }
  return ['/bin/sh', '-c', t];
}

function keyValues(value: string): Array<[string, string]> {
  const t = value.trim();
  if (!t.includes('=')) {
    const sp = t.search(/\s/);
    return sp < 0 ? [[t, '']] : [[t.slice(0, sp), t.slice(sp).trim()]];
  }
  const out: Array<[string, string]> = [];
  for (const m of t.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = m[2]!;
    out.push([m[1]!, raw.startsWith('"') ? JSON.parse(raw) as string : raw.startsWith("'") ? raw.slice(1, -1) : raw]);
  }
  return out;
}

/** Applies `--change` lines to a runtime config (returns a new one). */
export function applyChanges(config: ImageRuntimeConfig, changes: readonly string[]): ImageRuntimeConfig {
  const c: ImageRuntimeConfig = { ...config };
  for (const line of changes) {
    const m = /^\s*(\w+)\s+([\s\S]*)$/.exec(line);
    const op = m?.[1]?.toUpperCase();
    if (!m || !op || !ALLOWED.has(op)) throw invalidArgument(`${line.trim().split(/\s/)[0] ?? line} is not a valid change command`);
    const value = m[2]!;
    switch (op) {
      case 'CMD': c.Cmd = jsonOrShell(value); break;
      case 'ENTRYPOINT': c.Entrypoint = jsonOrShell(value); break;
      case 'ENV': {
        const env = [...(c.Env ?? [])];
        for (const [k, v] of keyValues(value)) {
          const i = env.findIndex((e) => e.split('=')[0] === k);
          if (i >= 0) env[i] = `${k}=${v}`; else env.push(`${k}=${v}`);
        }
        c.Env = env;
        break;
      }
      case 'LABEL': c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(keyValues(value)) }; break;
      case 'EXPOSE': {
        const ports = { ...(c.ExposedPorts ?? {}) };
        for (const p of value.trim().split(/\s+/)) ports[p.includes('/') ? p : `${p}/tcp`] = {};
        c.ExposedPorts = ports;
        break;
      }
      case 'VOLUME': {
        const vols = { ...(c.Volumes ?? {}) };
        const list = value.trim().startsWith('[') ? jsonOrShell(value) : value.trim().split(/\s+/);
        for (const v of list) vols[v] = {};
        c.Volumes = vols;
        break;
      }
      case 'USER': c.User = value.trim(); break;
      case 'WORKDIR': c.WorkingDir = value.trim(); break;
      case 'STOPSIGNAL': c.StopSignal = value.trim(); break;
      case 'ONBUILD': c.OnBuild = [...(c.OnBuild ?? []), value.trim()]; break;
    }
  }
  return c;
}
