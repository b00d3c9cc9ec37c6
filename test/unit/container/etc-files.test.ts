import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHostsFile, buildResolvConf, parseExtraHost, parseResolvConf, validateDns } from '../../../src/container/etc-files';

describe('resolv.conf', () => {
  const host = '# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch corp.example lan\noptions edns0 trust-ad\n';
  const cases: Array<{ name: string; input: Parameters<typeof buildResolvConf>[0]; want: string }> = [
    { name: 'host minus localhost', input: { hostText: host }, want: 'search corp.example lan\nnameserver 10.0.0.2\noptions edns0 trust-ad\n' },
    { name: 'only localhost: google fallback', input: { hostText: 'nameserver 127.0.0.1\nnameserver ::1\n' }, want: 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n' },
    { name: 'no host file', input: {}, want: 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n' },
    { name: 'host network keeps localhost', input: { hostText: host, keepLocalhost: true }, want: 'search corp.example lan\nnameserver 127.0.0.53\nnameserver 10.0.0.2\noptions edns0 trust-ad\n' },
    { name: 'flags replace', input: { hostText: host, dns: ['1.1.1.1'], dnsSearch: ['a.b'], dnsOptions: ['ndots:2'] }, want: 'search a.b\nnameserver 1.1.1.1\noptions ndots:2\n' },
    { name: 'search "." means none', input: { hostText: host, dnsSearch: ['.'] }, want: 'nameserver 10.0.0.2\noptions edns0 trust-ad\n' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(buildResolvConf(c.input), c.want));

  test('parse: domain is a search list, comments ignored', () => {
    assert.deepEqual(parseResolvConf('domain x.y # c\nnameserver 1.2.3.4 ; z\n'), { nameservers: ['1.2.3.4'], search: ['x.y'], options: [] });
  });

  test('--dns must be IPs', () => {
    validateDns(['1.1.1.1', '::1']);
    assert.throws(() => validateDns(['dns.google']), { message: 'dns.google is not an ip address' });
  });
});

describe('hosts', () => {
  test('none network: the managed region only', () => {
    assert.equal(buildHostsFile('', []),
      '# <nerdctl>\n127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n# </nerdctl>\n');
  });

  test('host file entries kept, loopback lines and an old region replaced, extra hosts padded', () => {
    const base = '127.0.0.1 localhost\n::1 localhost\n192.168.1.5\tnas nas.lan\n# <nerdctl>\n10.4.0.9 old\n# </nerdctl>\n';
    assert.equal(buildHostsFile(base, [{ host: 'foo', ip: '1.2.3.4' }]),
      '192.168.1.5 nas nas.lan\n# <nerdctl>\n127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n'
      + '1.2.3.4         foo\n# </nerdctl>\n');
  });

  const hosts: Array<{ value: string; want?: { host: string; ip: string }; error?: RegExp }> = [
    { value: 'foo:1.2.3.4', want: { host: 'foo', ip: '1.2.3.4' } },
    { value: 'foo=1.2.3.4', want: { host: 'foo', ip: '1.2.3.4' } },
    { value: 'v6:[::1]', want: { host: 'v6', ip: '::1' } },
    { value: 'v6:::1', want: { host: 'v6', ip: '::1' } },
    { value: 'gw:host-gateway', want: { host: 'gw', ip: '10.0.0.1' } },
    { value: 'foo', error: /bad format for add-host/ },
    { value: 'foo:bar', error: /invalid IP address in add-host: "bar"/ },
  ];
  for (const h of hosts) {
    test(`--add-host ${h.value}`, () => {
      if (h.error) assert.throws(() => parseExtraHost(h.value, '10.0.0.1'), h.error);
      else assert.deepEqual(parseExtraHost(h.value, '10.0.0.1'), h.want);
    });
  }
});
