// Shared pieces of the registry protocol tests.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { RegistryOptions } from '../../../../src/image/registry/session';
import { MediaTypes } from '../../../../src/image/media-types';
import { isNerdtsError } from '../../../../src/errors';
import type { FakeRegistry } from './fake-registry';

/** Client options that read nothing from this machine: no credentials, no extra CAs. */
export const anonymous: RegistryOptions = { credentials: async () => undefined, tlsDeps: { env: {}, readFile: (p) => readFile(p, 'utf8') } };

export function makeImage(fake: FakeRegistry, repo: string, tag: string): { manifest: Buffer; digest: string; layer: Buffer; layerDigest: string } {
  const layer = Buffer.alloc(300_000);
  for (let i = 0; i < layer.length; i++) layer[i] = (i * 7) % 251;
  const l = fake.addBlob(layer);
  const c = fake.addBlob(Buffer.from('{"architecture":"amd64","os":"linux"}'));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: MediaTypes.ociManifest,
    config: { mediaType: MediaTypes.ociConfig, ...c }, layers: [{ mediaType: MediaTypes.ociLayerGzip, ...l }],
  }));
  const digest = fake.addManifest(repo, tag, MediaTypes.ociManifest, manifest);
  return { manifest, digest, layer, layerDigest: l.digest };
}

export async function expectError(p: Promise<unknown>, code: string, message: RegExp, hint?: RegExp): Promise<Error> {
  let caught: unknown;
  await p.then(() => assert.fail('expected an error'), (err: unknown) => { caught = err; });
  assert.ok(isNerdtsError(caught), `not a NerdtsError: ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, message);
  if (hint) assert.match(caught.hint ?? '', hint);
  return caught;
}

