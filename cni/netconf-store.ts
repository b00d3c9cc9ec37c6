// Network config files in a netconf dir (default /etc/cni/net.d): top-level files are visible to
// every namespace, `<dir>/<namespace>/` holds one namespace's networks (nerdctl >= 2.0).
// Writes are atomic (temp file + rename/link), so readers never see half a file and need no lock.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { formatNetworkConfig, parseNetworkConfig } from './conflist';
import { CniError, messageOf } from './errors';
import type { NetworkConfigList, NetworkFile } from './types';

/** Extensions libcni and nerdctl read. */
export const NETCONF_EXTENSIONS: readonly string[] = ['.conf', '.conflist', '.json'];

export interface NetconfLocation {
  netconfPath: string;
  /** containerd namespace whose subdirectory is read too; '' or absent for top-level only. */
  namespace?: string;
}

/** Reads every network visible in the namespace, sorted by path (as nerdctl does). */
export async function listNetworkFiles(loc: NetconfLocation): Promise<NetworkFile[]> {
  const files = await configFilesIn(loc.netconfPath);
  if (loc.namespace) files.push(...await configFilesIn(join(loc.netconfPath, loc.namespace)));
  files.sort();
  return Promise.all(files.map(readNetworkFile));
}

async function configFilesIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => !e.isDirectory() && NETCONF_EXTENSIONS.includes(extname(e.name)))
      .map((e) => join(dir, e.name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CniError('io', `cannot read network config dir ${dir}: ${messageOf(err)}`, { cause: err });
  }
}

/** Reads and parses one network file. */
export async function readNetworkFile(file: string): Promise<NetworkFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CniError('not-found', `network config ${file} does not exist`);
    throw new CniError('io', `cannot read ${file}: ${messageOf(err)}`, { cause: err });
  }
  return { file, config: parseNetworkConfig(bytes, file), bytes };
}

export interface WriteNetworkOptions {
  /** Fail with 'already-exists' instead of replacing an existing file (network create). */
  exclusive?: boolean;
}

/** Writes a conflist atomically with mode 0644 and nerdctl's 2-space JSON; returns the bytes. */
export async function writeNetworkFile(file: string, config: NetworkConfigList, opts: WriteNetworkOptions = {}): Promise<Buffer> {
  const bytes = Buffer.from(formatNetworkConfig(config));
  await mkdir(dirname(file), { recursive: true, mode: 0o755 });
  // The temp name has no config extension, so concurrent listings never pick it up.
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeDurably(temp, bytes, 0o644);
    if (opts.exclusive) await link(temp, file); // link fails if the name exists: an atomic create
    else await rename(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CniError('already-exists', `network config ${file} already exists`, { network: config.name });
    }
    throw new CniError('io', `cannot write ${file}: ${messageOf(err)}`, { cause: err, network: config.name });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return bytes;
}

/** Writes `bytes` to a new file with an exact mode (not subject to umask) and fsyncs it. */
export async function writeDurably(path: string, bytes: Buffer | string, mode: number): Promise<void> {
  const fh = await open(path, 'wx', mode);
  try {
    await fh.chmod(mode);
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Deletes a network file; false when it was already gone. */
export async function removeNetworkFile(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CniError('io', `cannot remove ${file}: ${messageOf(err)}`, { cause: err });
  }
}
