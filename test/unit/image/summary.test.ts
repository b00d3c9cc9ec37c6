import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUMMARY_LABEL, summaryOf } from '../../../src/image/summary';
import type { Image } from '../../../src/containerd/services/images';

const target = `sha256:${'a'.repeat(64)}`;
const summary = { target, id: `sha256:${'b'.repeat(64)}`, created: '2024-01-01T00:00:00Z', platform: 'linux/amd64', size: 10, blobSize: 5, labels: { k: 'v' } };
const record = (labels: Record<string, string>, digest = target): Image =>
  ({ name: 'docker.io/library/x:1', labels, target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 1, annotations: {} } }) as Image;

test('a summary is used only while the record still points at the same target', () => {
  assert.deepEqual(summaryOf(record({ [SUMMARY_LABEL]: JSON.stringify(summary) })), summary);
  assert.equal(summaryOf(record({ [SUMMARY_LABEL]: JSON.stringify(summary) }, `sha256:${'c'.repeat(64)}`)), undefined);
  assert.equal(summaryOf(record({})), undefined);
  assert.equal(summaryOf(record({ [SUMMARY_LABEL]: '{not json' })), undefined);
});
