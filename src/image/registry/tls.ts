// TLS settings for an endpoint: skip_verify, per-host CAs and client certificates, plus the extra
// CAs the launcher moved from NODE_EXTRA_CA_CERTS to NERDTS_EXTRA_CA_CERTS (so Node starts fast);
// those are read only when a TLS connection is about to be made.
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { NerdtsError } from '../../errors';
import type { RegistryEndpoint } from './hosts';

/** Options handed to https.Agent, plus a key that identifies equal settings. */
export interface TlsSettings {
  key: string;
  rejectUnauthorized: boolean;
  ca?: string[];
  cert?: string[];
  keyPem?: string[];
}

/** Environment and file access for TLS settings. */
export interface TlsDeps {
  env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string>;
}

/** The real environment and files. */
export const nodeTlsDeps: TlsDeps = { env: process.env, readFile: (p) => readFile(p, 'utf8') };

const extraCaCache = new Map<string, Promise<string>>();

/** The PEM text of NERDTS_EXTRA_CA_CERTS (read once per process), or '' when unset. */
export function extraCaPem(deps: TlsDeps): Promise<string> {
  const file = deps.env['NERDTS_EXTRA_CA_CERTS'];
  if (!file) return Promise.resolve('');
  let p = extraCaCache.get(file);
  if (!p) {
    // Like Node with NODE_EXTRA_CA_CERTS, an unreadable file leaves the default CAs in place.
    p = deps.readFile(file).catch(() => '');
    extraCaCache.set(file, p);
  }
  return p;
}

async function readPem(path: string, what: string, deps: TlsDeps): Promise<string> {
  try {
    return await deps.readFile(path);
  } catch (err) {
    throw new NerdtsError('invalid-argument', `unable to read ${what} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Resolves the TLS options for an HTTPS endpoint. */
export async function tlsSettingsFor(endpoint: RegistryEndpoint, deps: TlsDeps = nodeTlsDeps): Promise<TlsSettings> {
  const extra = await extraCaPem(deps);
  const hostCas = await Promise.all(endpoint.caFiles.map((f) => readPem(f, 'CA cert', deps)));
  const out: TlsSettings = { key: '', rejectUnauthorized: !endpoint.skipVerify };
  if (extra || hostCas.length > 0) out.ca = [...rootCertificates, ...(extra ? [extra] : []), ...hostCas];
  if (endpoint.clientCerts.length > 0) {
    const pairs = await Promise.all(endpoint.clientCerts.map(async ([certFile, keyFile]) => {
      const cert = await readPem(certFile, 'client certificate', deps);
      return [cert, keyFile ? await readPem(keyFile, 'client key', deps) : cert] as const;
    }));
    out.cert = pairs.map((p) => p[0]);
    out.keyPem = pairs.map((p) => p[1]);
  }
  out.key = JSON.stringify([out.rejectUnauthorized, extra.length, endpoint.caFiles, endpoint.clientCerts]);
  return out;
}
