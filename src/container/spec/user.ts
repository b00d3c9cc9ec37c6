// -u/--user and --group-add resolved against the image's /etc/passwd and /etc/group (passed in as
// text, undefined when the file is absent), following docker's (moby/sys/user) rules.
import { NerdtsError } from '../../errors';
import type { Spec } from './types';

export interface PasswdEntry { name: string; uid: number; gid: number; home: string }
export interface GroupEntry { name: string; gid: number; members: string[] }

const MAX_ID = 2 ** 31 - 1;

function fields(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').map((l) => l.split(':'));
}

// Go's Atoi on a malformed field yields 0; the files are parsed just as leniently.
const num = (text: string | undefined): number => (/^[+-]?\d+$/.test(text ?? '') ? Number(text) : 0);

/** Entries of an /etc/passwd file (name:password:uid:gid:gecos:home:shell). */
export function parsePasswd(text: string | undefined): PasswdEntry[] {
  return fields(text).map((f) => ({ name: f[0] ?? '', uid: num(f[2]), gid: num(f[3]), home: f[5] ?? '' }));
}

/** Entries of an /etc/group file (name:password:gid:member,member). */
export function parseGroup(text: string | undefined): GroupEntry[] {
  return fields(text).map((f) => ({
    name: f[0] ?? '', gid: num(f[2]), members: (f[3] ?? '').split(',').filter((m) => m !== ''),
  }));
}

/** A numeric id in docker's allowed range, undefined for a name; throws when out of range. */
function numericId(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const id = Number(text);
  if (id < 0 || id > MAX_ID) throw invalid(`uids and gids must be in range 0-${MAX_ID}`);
  return id;
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  /** Supplementary groups from /etc/group membership (only when no group was given explicitly). */
  sgids: number[];
  home: string;
}

/** Resolves "user[:group]" (names or ids) the way docker does; "" means root (uid 0). */
export function resolveUser(spec: string, passwdText: string | undefined, groupText: string | undefined): ResolvedUser {
  const colon = spec.indexOf(':');
  const userArg = colon === -1 ? spec : spec.slice(0, colon);
  const groupArg = colon === -1 ? '' : spec.slice(colon + 1);
  const uidArg = numericId(userArg);
  const gidArg = numericId(groupArg);
  const users = parsePasswd(passwdText);
  const match = userArg === '' ? users.find((u) => u.uid === 0)
    : uidArg !== undefined ? users.find((u) => u.uid === uidArg) : users.find((u) => u.name === userArg);
  const result: ResolvedUser = { uid: 0, gid: 0, sgids: [], home: '' };
  if (match) Object.assign(result, { uid: match.uid, gid: match.gid, home: match.home });
  else if (userArg !== '' && uidArg === undefined) {
    throw invalid(`unable to find user ${userArg}: no matching entries in passwd file`);
  } else if (uidArg !== undefined) result.uid = uidArg;
  if (groupArg === '' && !match) return result;
  const groups = parseGroup(groupText);
  if (groupArg === '') {
    result.sgids = groups.filter((g) => g.members.includes(match!.name)).map((g) => g.gid);
    return result;
  }
  const group = gidArg !== undefined ? groups.find((g) => g.gid === gidArg) : groups.find((g) => g.name === groupArg);
  if (group) result.gid = group.gid;
  else if (gidArg !== undefined) result.gid = gidArg;
  else throw invalid(`unable to find group ${groupArg}: no matching entries in group file`);
  return result;
}

/** --group-add values (names or ids) as gids; names must exist in /etc/group, ids need not. */
export function resolveAdditionalGroups(names: readonly string[], groupText: string | undefined): number[] {
  const groups = parseGroup(groupText);
  return names.map((name) => {
    const id = numericId(name);
    const found = groups.find((g) => (id !== undefined ? g.gid === id : g.name === name));
    if (found) return found.gid;
    if (id === undefined) throw invalid(`unable to find group ${name}: no matching entries in group file`);
    return id;
  });
}

export interface UserInput {
  /** -u/--user; when empty the image's User applies. */
  user?: string;
  imageUser?: string;
  groupAdd?: readonly string[];
  /** Contents of the rootfs's /etc/passwd and /etc/group; undefined when missing. */
  passwd?: string;
  group?: string;
}

/** Sets process.user: uid, gid and additionalGids = [gid, membership groups, --group-add]. */
export function withUser(spec: Spec, input: UserInput): void {
  const resolved = resolveUser(input.user || input.imageUser || '', input.passwd, input.group);
  const extra = resolveAdditionalGroups(input.groupAdd ?? [], input.group);
  spec.process.user = {
    ...spec.process.user,
    uid: resolved.uid,
    gid: resolved.gid,
    additionalGids: [...new Set([resolved.gid, ...resolved.sgids, ...extra])],
  };
}

const invalid = (message: string): NerdtsError => new NerdtsError('invalid-argument', message);
