import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { storeNetworks, type HostsMeta } from '../../../src/network/hosts-store';

function meta(id: string, ip: string): HostsMeta {
  return {
    ID: id, Hostname: id.slice(0, 12), Name: `c-${id}`, Domainname: '', ExtraHosts: null,
    Networks: { mynet: { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', sandbox: '/run/netns/x' }], ips: [{ address: `${ip}/24`, interface: 0 }] } },
  };
}

test('storeNetworks: records made at the same moment are written together, every hosts file lists them all', async () => {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'nerdts-hosts-'));
  try {
    const ids = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(64));
    for (const id of ids) {
      const dir = path.join(store, 'etchosts', 'ns', id);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'hosts'), '127.0.0.1 localhost\n');
    }
    await Promise.all(ids.map((id, i) => storeNetworks(store, 'ns', meta(id, `10.4.0.${i + 2}`))));
    for (const id of ids) {
      const hosts = fs.readFileSync(path.join(store, 'etchosts', 'ns', id, 'hosts'), 'utf8');
      for (const [i, other] of ids.entries()) assert.match(hosts, new RegExp(`^10\\.4\\.0\\.${i + 2} .*c-${other}`, 'm'), `${id.slice(0, 1)} lists ${other.slice(0, 1)}`);
    }
    // A later record is its own batch and still reaches everyone.
    const late = '9'.repeat(64);
    fs.mkdirSync(path.join(store, 'etchosts', 'ns', late), { recursive: true });
    fs.writeFileSync(path.join(store, 'etchosts', 'ns', late, 'hosts'), '127.0.0.1 localhost\n');
    await storeNetworks(store, 'ns', meta(late, '10.4.0.99'));
    assert.match(fs.readFileSync(path.join(store, 'etchosts', 'ns', ids[0]!, 'hosts'), 'utf8'), /^10\.4\.0\.99 /m);
  } finally {
    fs.rmSync(store, { recursive: true, force: true });
  }
});
