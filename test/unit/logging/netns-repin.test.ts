import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pinnedNetnsOf } from '../../../src/logging/netns-repin';

test('the pinned namespace named by a task spec, and nothing for other namespaces', () => {
  const spec = (ns: string) => JSON.stringify({ annotations: { 'nerdctl/name': 'web', 'nerdctl/network-namespace': ns }, linux: { namespaces: [{ type: 'network', path: ns }] } });
  assert.equal(pinnedNetnsOf(spec('/run/netns/nerdts-default-0123456789abcdef01234567')), '/run/netns/nerdts-default-0123456789abcdef01234567');
  assert.equal(pinnedNetnsOf(spec('/var/run/netns/mine')), undefined, "a user's ns:<path> is not re-made");
  assert.equal(pinnedNetnsOf(spec('/run/netns/nerdts-../../etc')), undefined);
  assert.equal(pinnedNetnsOf(JSON.stringify({ annotations: {} })), undefined);
});
