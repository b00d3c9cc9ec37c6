// The hosts store: entry lines per shared network, and regeneration of every hosts file of the
// namespace in place (same inode, text outside the managed region kept).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostsMeta } from '../../../src/network/hosts-store';
import { clearNetworks, containerEntries, removeHostsEntry, resultAddresses, storeNetworks } from '../../../src/network/hosts-store';

const result = (ip: string) => ({ cniVersion: '1.0.0', interfaces: [{ name: 'nerdctl0' }, { name: 'eth0', sandbox: '/proc/1/ns/net' }], ips: [{ address: `${ip}/24`, gateway: '10.4.0.1', interface: 1 }] });
const meta = (id: string, name: string, nets: Record<string, string> | null, extra: Partial<HostsMeta> = {}): HostsMeta => ({
  ID: id, Name: name, Hostname: id.slice(0, 12), Domainname: '', ExtraHosts: {},
  Networks: nets && Object.fromEntries(Object.entries(nets).map(([n, ip]) => [n, result(ip)])), ...extra,
});

describe('containerEntries', () => {
  test('table', () => {
    const a = meta('a'.repeat(64), 'web', { bridge: '10.4.0.2' });
    const b = meta('b'.repeat(64), 'db', { bridge: '10.4.0.3', mynet: '10.4.1.2' }, { Domainname: 'example.com' });
    const c = meta('c'.repeat(64), 'other', { mynet: '10.4.1.3' });
    const d = meta('d'.repeat(64), '', null);
    const all = [a, b, c, d];
    const cases: Array<[HostsMeta, string[]]> = [
      [a, ['10.4.0.2        aaaaaaaaaaaa web', '10.4.0.3        bbbbbbbbbbbb.example.com bbbbbbbbbbbb db']],
      [c, ['10.4.1.2        bbbbbbbbbbbb.example.com bbbbbbbbbbbb bbbbbbbbbbbb.mynet db db.mynet', '10.4.1.3        cccccccccccc cccccccccccc.mynet other other.mynet']],
      [d, []],
    ];
    for (const [self, want] of cases) assert.deepEqual(containerEntries(self, all), want, self.Name);
  });
  test('only sandbox addresses count', () => {
    assert.deepEqual(resultAddresses(result('10.4.0.7')), ['10.4.0.7']);
    assert.deepEqual(resultAddresses({ cniVersion: '1.0.0', ips: [{ address: '10.4.0.8/24' }] }), ['10.4.0.8']);
  });
});

describe('storeNetworks / clearNetworks', () => {
  test('hosts files are regenerated in place for every attached container of the namespace', async () => {
    const store = mkdtempSync(join(tmpdir(), 'nerdts-hosts-unit-'));
    try {
      const ids = ['1'.repeat(64), '2'.repeat(64)];
      const dirs = ids.map((id) => join(store, 'etchosts', 'ns', id));
      for (const dir of dirs) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'hosts'), '192.0.2.1 kept\n# <nerdctl>\n127.0.0.1\tlocalhost localhost.localdomain\n# </nerdctl>\n');
      }
      const inode = statSync(join(dirs[0]!, 'hosts')).ino;
      await storeNetworks(store, 'ns', meta(ids[0]!, 'one', { bridge: '10.4.0.2' }, { ExtraHosts: { gw: '192.0.2.254' } }));
      await storeNetworks(store, 'ns', meta(ids[1]!, 'two', { bridge: '10.4.0.3' }));
      const first = readFileSync(join(dirs[0]!, 'hosts'), 'utf8');
      assert.equal(first, [
        '192.0.2.1 kept', '# <nerdctl>', '127.0.0.1\tlocalhost localhost.localdomain', '::1\t\tlocalhost localhost.localdomain',
        '192.0.2.254     gw', '10.4.0.2        111111111111 one', '10.4.0.3        222222222222 two', '# </nerdctl>', '',
      ].join('\n'));
      assert.equal(statSync(join(dirs[0]!, 'hosts')).ino, inode);
      assert.match(readFileSync(join(dirs[1]!, 'hosts'), 'utf8'), /10\.4\.0\.2 +111111111111 one\n10\.4\.0\.3 +222222222222 two/);
      await clearNetworks(store, 'ns', ids[1]!);
      assert.doesNotMatch(readFileSync(join(dirs[0]!, 'hosts'), 'utf8'), /two/);
      // A detached (stopped) container's file is left alone until it is attached again.
      await removeHostsEntry(store, 'ns', ids[0]!);
      assert.match(readFileSync(join(dirs[1]!, 'hosts'), 'utf8'), /one/);
      await storeNetworks(store, 'ns', meta(ids[1]!, 'two', { bridge: '10.4.0.3' }));
      const again = readFileSync(join(dirs[1]!, 'hosts'), 'utf8');
      assert.doesNotMatch(again, /one/);
      assert.match(again, /10\.4\.0\.3 +222222222222 two/);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });
});
