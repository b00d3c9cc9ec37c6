// The attachment result cache in libcni's format (`<cacheDir>/results/<net>-<containerID>-<ifname>`,
// kind "cniCacheV1"), so DEL and CHECK get the ADD result as prevResult, and nerdctl (via libcni)
// can tear down what nerdts set up, and the reverse.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CniError, messageOf } from './errors';
import { writeDurably } from './netconf-store';
import type { CapabilityArgs, CniArgs, CniResult } from './types';

/** libcni's default cache directory. */
export const DEFAULT_CACHE_DIR = '/var/lib/cni';
const KIND = 'cniCacheV1';

/** One cached attachment. `config` is the conflist bytes as used for ADD. */
export interface CachedAttachment {
  containerId: string;
  ifname: string;
  networkName: string;
  netns?: string;
  config: Buffer;
  cniArgs?: CniArgs;
  capabilityArgs?: CapabilityArgs;
  result?: CniResult;
}

/** The cache file of an attachment. */
export function cacheFilePath(cacheDir: string, networkName: string, containerId: string, ifname: string): string {
  return join(cacheDir, 'results', `${networkName}-${containerId}-${ifname}`);
}

/** Stores an attachment atomically (mode 0600, dir 0700, as libcni). */
export async function writeCachedAttachment(cacheDir: string, entry: CachedAttachment): Promise<void> {
  const file = cacheFilePath(cacheDir, entry.networkName, entry.containerId, entry.ifname);
  // Field order and names of libcni's cachedInfo; Go writes []byte as base64.
  const doc: Record<string, unknown> = {
    kind: KIND,
    containerId: entry.containerId,
    config: entry.config.toString('base64'),
    ifName: entry.ifname,
    networkName: entry.networkName,
  };
  if (entry.netns) doc.netns = entry.netns;
  if (entry.cniArgs && entry.cniArgs.length > 0) doc.cniArgs = entry.cniArgs;
  if (entry.capabilityArgs && Object.keys(entry.capabilityArgs).length > 0) doc.capabilityArgs = entry.capabilityArgs;
  if (entry.result) doc.result = entry.result;
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(join(cacheDir, 'results'), { recursive: true, mode: 0o700 });
    await writeDurably(temp, JSON.stringify(doc), 0o600);
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new CniError('io', `failed to set network "${entry.networkName}" cached result: ${messageOf(err)}`, { cause: err, network: entry.networkName });
  }
}

/** Reads an attachment; undefined when there is none or it cannot be used (as libcni ignores those). */
export async function readCachedAttachment(cacheDir: string, networkName: string, containerId: string, ifname: string): Promise<CachedAttachment | undefined> {
  let text: string;
  try {
    text = await readFile(cacheFilePath(cacheDir, networkName, containerId, ifname), 'utf8');
  } catch {
    return undefined;
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  if (doc.kind !== KIND) return legacyEntry(doc, networkName, containerId, ifname);
  const entry: CachedAttachment = {
    containerId,
    ifname,
    networkName,
    config: Buffer.from(typeof doc.config === 'string' ? doc.config : '', 'base64'),
  };
  if (typeof doc.netns === 'string') entry.netns = doc.netns;
  if (Array.isArray(doc.cniArgs)) entry.cniArgs = doc.cniArgs as CniArgs;
  if (isObject(doc.capabilityArgs)) entry.capabilityArgs = doc.capabilityArgs as CapabilityArgs;
  if (isObject(doc.result)) entry.result = doc.result as CniResult;
  return entry;
}

// Before cniCacheV1, libcni cached the bare result.
function legacyEntry(doc: Record<string, unknown>, networkName: string, containerId: string, ifname: string): CachedAttachment | undefined {
  if (typeof doc.cniVersion !== 'string') return undefined;
  return { containerId, ifname, networkName, config: Buffer.alloc(0), result: doc as CniResult };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Removes an attachment's cache file; a missing file is fine. */
export async function deleteCachedAttachment(cacheDir: string, networkName: string, containerId: string, ifname: string): Promise<void> {
  await unlink(cacheFilePath(cacheDir, networkName, containerId, ifname)).catch(() => undefined);
}
