// Shared setup of the image integration tests: a private containerd namespace (removed with all its
// images, leases, snapshots and content afterwards), the fixture files of test/fixtures, and global
// options that reach the local registries.
import { existsSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../../../src/config';
import { connectContainerd } from '../../../src/containerd/client';
import type { ContainerdClient } from '../../../src/containerd/client';

export const SOCKET = '/run/containerd/containerd.sock';
export const FIXTURES_DIR = process.env['NERDTS_FIXTURES_DIR'] ?? '/var/tmp/nerdts-fixtures';
export const REGISTRY = '127.0.0.1:5000';

export interface FixtureArchive { path: string; format: 'docker' | 'oci'; image: string; name: string; config?: string; digest?: string }
export interface FixtureImage {
  ref: string; digest: string; mediaType: string; config?: string; layers?: string[]; diffIds?: string[];
  platforms?: Array<{ platform: { os: string; architecture: string; variant?: string }; digest: string; config: string }>;
}
export interface Fixtures { images: Record<string, FixtureImage>; archives: Record<string, FixtureArchive> }

/** fixtures.json, or undefined when the fixtures were never built (tests then skip). */
export function readFixtures(): Fixtures | undefined {
  const file = join(FIXTURES_DIR, 'fixtures.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Fixtures;
}

/** Why the suite cannot run here, or false. */
export function skipReason(): string | false {
  if (!existsSync(SOCKET)) return `${SOCKET} absent`;
  if (!readFixtures()) return `no fixtures in ${FIXTURES_DIR}: run bash test/fixtures/services.sh start`;
  return false;
}

/** Global options for library calls in the test namespace. */
export function testGlobals(namespace: string): GlobalOptions {
  return {
    address: SOCKET, namespace, snapshotter: 'overlayfs', dataRoot: '/tmp/nerdts-test-data', cniPath: '/opt/cni/bin',
    cniNetconfPath: '/etc/cni/net.d', hostsDir: [], insecureRegistry: [], debug: false, cgroupManager: 'cgroupfs',
    autostartContainerd: false, configPath: '/nonexistent/nerdts.toml',
  };
}

export function connect(namespace: string): Promise<ContainerdClient> {
  return connectContainerd({ address: SOCKET, namespace, autostart: false });
}

/** Removes everything the tests made in the namespace, then the namespace itself. */
export async function cleanNamespace(c: ContainerdClient, namespace: string): Promise<void> {
  const quiet = async (f: () => Promise<unknown>): Promise<void> => { try { await f(); } catch { /* best effort */ } };
  const images = await c.images.list().catch(() => []);
  for (let i = 0; i < images.length; i++) await quiet(() => c.images.delete(images[i]!.name, { sync: i === images.length - 1 }));
  for (const lease of await c.leases.list().catch(() => [])) await quiet(() => c.leases.delete(lease.id, { sync: true }));
  for (const st of await c.content.listStatuses().catch(() => [])) await quiet(() => c.content.abort(st.ref));
  for (let round = 0; round < 4; round++) {
    for (const info of await c.snapshots.list('overlayfs').catch(() => [])) await quiet(() => c.snapshots.remove('overlayfs', info.name));
  }
  for (const info of await c.content.list().catch(() => [])) await quiet(() => c.content.delete(info.digest));
  await quiet(() => c.namespaces.delete(namespace));
  // The namespace's (empty) CNI config directory: hundreds of them slow every network lookup.
  try { rmdirSync(join('/etc/cni/net.d', namespace)); } catch { /* not made, or not empty */ }
}

/** Collects an async byte stream. */
export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** A one-chunk source, as files and stdin give them (in bigger pieces). */
export async function* bytesSource(buf: Buffer, chunk = 256 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
}
