// ADD <http(s) URL>: the file is downloaded for the build (never into the context) on every build,
// as docker does, and its content digest goes into the step's cache key. docker's rules: the name
// is the URL path's last element (or Content-Disposition's filename), mode 0600, mtime from
// Last-Modified, no unpacking of archives, --checksum=sha256:<hex> checked when given.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync, utimesSync, chmodSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NerdtsError } from '../errors';
import type { CopySource } from './copy-step';

const MAX_REDIRECTS = 10;
const TIMEOUT_MS = 60_000;

/** True for an ADD source that is a URL to download. */
export function isRemoteSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

const decode = (text: string): string => {
  try { return decodeURIComponent(text); } catch { return text; }
};

/** The file name a download gets when the destination is a directory; '' when there is none. */
export function urlFileName(url: string, contentDisposition?: string): string {
  const cd = contentDisposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition)?.[1];
  if (cd) {
    const name = posix.basename(decode(cd));
    if (name && name !== '.' && name !== '..') return name;
  }
  const path = new URL(url).pathname;
  const base = posix.basename(decode(path));
  return base === '.' || base === '..' ? '' : base;
}

/** `sha256:<hex>` as written after --checksum; throws for anything else. */
export function parseChecksum(text: string): string {
  if (!/^sha256:[0-9a-f]{64}$/.test(text)) {
    throw new NerdtsError('invalid-argument', `invalid checksum digest "${text}"`, { hint: 'use --checksum=sha256:<64 hex digits>' });
  }
  return text;
}

interface Fetched { digest: string; res: IncomingMessage }

/** Downloads `url` (following redirects) into `file`; `where` names the Dockerfile line in errors. */
async function download(url: string, file: string, where: string): Promise<Fetched> {
  let current = new URL(url);
  for (let hops = 0; ; hops++) {
    let res: IncomingMessage;
    try {
      res = await (await import('./url-get')).httpGet(current, TIMEOUT_MS);
    } catch (err) {
      throw new NerdtsError('unavailable', `${where}: failed to download ${url}: ${(err as Error).message}`);
    }
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location && hops < MAX_REDIRECTS) {
      res.resume();
      current = new URL(res.headers.location, current);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new NerdtsError(status === 404 ? 'not-found' : 'unavailable',
        `${where}: failed to download ${url}: HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd());
    }
    const hash = createHash('sha256');
    const tap = new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } });
    try {
      await pipeline(res, tap, createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      throw new NerdtsError('unavailable', `${where}: failed to download ${url}: ${(err as Error).message}`);
    }
    return { digest: `sha256:${hash.digest('hex')}`, res };
  }
}

/** The downloads of one ADD: copy sources, what goes into the cache key, and their removal. */
export interface RemoteSources {
  sources: CopySource[];
  identities: string[];
  release(): void;
}

/** Downloads every URL of an ADD into a private directory, checking `checksum` when given. */
export async function fetchRemoteSources(urls: readonly string[], o: { where: string; dest: string; checksum?: string }): Promise<RemoteSources> {
  const dir = mkdtempSync(join(tmpdir(), 'nerdts-add-'));
  const release = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const sources: CopySource[] = [];
    const identities: string[] = [];
    for (const [n, url] of urls.entries()) {
      const file = join(dir, String(n));
      const got = await download(url, file, o.where);
      if (o.checksum !== undefined && got.digest !== o.checksum) {
        throw new NerdtsError('failed-precondition', `${o.where}: ADD ${url}: checksum mismatch: expected ${o.checksum}, got ${got.digest}`);
      }
      const lastModified = got.res.headers['last-modified'];
      const mtime = lastModified ? new Date(lastModified) : undefined;
      chmodSync(file, 0o600);
      if (mtime && !Number.isNaN(mtime.getTime())) utimesSync(file, mtime, mtime);
      const name = urlFileName(url, got.res.headers['content-disposition']);
      if (!name && o.dest.endsWith('/')) throw new NerdtsError('invalid-argument', `${o.where}: cannot determine filename from url: ${url}`, { hint: 'name the destination file' });
      sources.push({ abs: file, name: name || 'download', stat: statSync(file), remote: true });
      identities.push(`url:${url}\0${got.digest}\0${name}\0${lastModified ?? ''}`);
    }
    return { sources, identities, release };
  } catch (err) {
    release();
    throw err;
  }
}
