// Short volume syntax (`SRC:TARGET[:opts]`) to the long form (compose-go format/volume.go).
import { posix } from 'node:path';
import { ComposeError } from '../errors';
import type { NodeMap } from '../tree';

const PROPAGATION = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);

interface Volume { source: string; target: string; readOnly: boolean; bind?: NodeMap; volume?: NodeMap }

/** Parses `./data:/data:ro,z` into `{type: bind, source, target, read_only, bind: {...}}`. */
export function parseVolumeSpec(spec: string): NodeMap {
  if (spec === '') throw new ComposeError('invalid empty volume spec');
  if (spec.length <= 2) return { type: 'volume', target: spec };
  const v: Volume = { source: '', target: '', readOnly: false };
  let buf = '';
  let depth = 0;
  for (let i = 0; i <= spec.length; i++) {
    const c = i < spec.length ? spec[i]! : '';
    if (c === '$' && spec[i + 1] === '{') { depth++; buf += c; continue; }
    if (c === '}' && depth > 0) { depth--; buf += c; continue; }
    if (c === ':' && buf.length === 1 && /\p{L}/u.test(buf)) { buf += c; continue; }
    if ((c === ':' || c === '') && depth === 0) {
      try { fill(v, buf, c === ''); } catch (err) {
        throw new ComposeError(`invalid spec: ${spec}: ${(err as Error).message}`);
      }
      buf = '';
      continue;
    }
    buf += c;
  }
  return longForm(v);
}

function fill(v: Volume, buf: string, atEnd: boolean): void {
  if (buf === '') throw new Error('empty section between colons');
  if (v.source === '' && atEnd) { v.target = buf; return; }
  if (v.source === '') { v.source = buf; return; }
  if (v.target === '') { v.target = buf; return; }
  if (!atEnd) throw new Error('too many colons');
  for (const opt of buf.split(',')) {
    if (opt === 'ro') v.readOnly = true;
    else if (opt === 'rw') v.readOnly = false;
    else if (opt === 'nocopy') v.volume = { nocopy: true };
    else if (PROPAGATION.has(opt)) (v.bind ??= {}).propagation = opt;
    else if (opt === 'z' || opt === 'Z') (v.bind ??= {}).selinux = opt;
    // Unknown options are ignored, as compose does.
  }
}

function longForm(v: Volume): NodeMap {
  const bind = isFilePath(v.source);
  const m: NodeMap = { type: bind ? 'bind' : 'volume' };
  if (v.source !== '') m.source = v.source;
  m.target = v.target === '' ? '' : posix.normalize(v.target).replace(/(.)\/$/, '$1');
  if (v.readOnly) m.read_only = true;
  if (bind) m.bind = { ...v.bind, create_host_path: true };
  else if (v.bind) m.bind = v.bind;
  if (v.volume) m.volume = v.volume;
  else if (!bind) m.volume = {};
  return m;
}

/** Sources starting with `.`, `/` or `~` (or a Windows path) are host paths. */
export function isFilePath(source: string): boolean {
  if (source === '') return false;
  const c = source[0];
  if (c === '.' || c === '/' || c === '~') return true;
  if (source.startsWith('\\\\')) return true;
  return source.length > 1 && source[1] === ':' && /\p{L}/u.test(c!);
}
