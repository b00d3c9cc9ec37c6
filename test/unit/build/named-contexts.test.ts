import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNamedContexts, parseBuildContextFlags } from '../../../src/build/named-contexts';

const dir = mkdtempSync(join(tmpdir(), 'nerdts-named-ctx-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const read = (): undefined => undefined;

test('--build-context flags: name=value, names lowercased, bad ones refused', () => {
  assert.deepEqual(parseBuildContextFlags(['Extra=/x', 'img=docker-image://busybox:1', 'extra=/y']), { extra: '/y', img: 'docker-image://busybox:1' });
  for (const bad of ['x', '=v', 'x=']) assert.throws(() => parseBuildContextFlags([bad]), /invalid --build-context value/);
});

test('named contexts: a directory (relative to cwd) or an image; other values refused', () => {
  writeFileSync(join(dir, 'f.txt'), 'x');
  const named = openNamedContexts({ Files: '.', base: 'docker-image://127.0.0.1:5000/busybox:latest' }, dir, read);
  assert.deepEqual(named.get('files'), { kind: 'dir', context: { root: dir, rules: [] } });
  assert.deepEqual(named.get('base'), { kind: 'image', ref: '127.0.0.1:5000/busybox:latest' });
  assert.throws(() => openNamedContexts({ a: 'https://example.com/x.git' }, dir, read), /not supported/);
  assert.throws(() => openNamedContexts({ a: 'service:web' }, dir, read), /not supported/);
  assert.throws(() => openNamedContexts({ a: join(dir, 'missing') }, dir, read), /is not a directory/);
});
