import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNetworkConfig, parseNetworkConfig } from '../../../cni/conflist';
import { firstFreeSubnet, formatCidr, parseIpv4Cidr } from '../../../cni/subnet';
import { allocateSubnet } from '../../../cni/ipam';
import { parseFirewallVersion } from '../../../cni/firewall-version';
import type { CniError } from '../../../cni/errors';

describe('parseNetworkConfig', () => {
  test('a conflist keeps its keys, nerdctl extras included', () => {
    const list = parseNetworkConfig('{"cniVersion":"1.0.0","name":"n","nerdctlID":"abc","x":1,"plugins":[{"type":"bridge"},{"type":"tuning"}]}');
    assert.deepEqual(list, { cniVersion: '1.0.0', name: 'n', nerdctlID: 'abc', x: 1, plugins: [{ type: 'bridge' }, { type: 'tuning' }] });
  });

  test('a single-plugin .conf becomes a list of one', () => {
    const list = parseNetworkConfig('{"cniVersion":"0.4.0","name":"old","type":"bridge","bridge":"cni0"}');
    assert.deepEqual(list, { cniVersion: '0.4.0', name: 'old', plugins: [{ cniVersion: '0.4.0', name: 'old', type: 'bridge', bridge: 'cni0' }] });
  });

  test('disableCheck accepts booleans and "true"/"false"', () => {
    assert.equal(parseNetworkConfig('{"name":"n","disableCheck":"TRUE","plugins":[{"type":"a"}]}').disableCheck, true);
    assert.equal(parseNetworkConfig('{"name":"n","disableCheck":false,"plugins":[{"type":"a"}]}').disableCheck, false);
  });

  const bad: Array<[string, RegExp]> = [
    ['{', /f.conflist: not valid JSON/],
    ['[]', /not a JSON object/],
    ['{"plugins":[{"type":"a"}]}', /no network name/],
    ['{"name":"n","plugins":[]}', /no plugins in list/],
    ['{"name":"n"}', /no plugins in list/],
    ['{"name":"n","plugins":{}}', /invalid 'plugins' type/],
    ['{"name":"n","plugins":[{"bridge":"x"}]}', /plugin 0: missing 'type'/],
    ['{"name":"n","cniVersion":1,"plugins":[{"type":"a"}]}', /invalid cniVersion/],
    ['{"name":"n","disableCheck":"maybe","plugins":[{"type":"a"}]}', /invalid value for disableCheck/],
  ];
  for (const [text, message] of bad) {
    test(`rejects ${text}`, () => {
      assert.throws(() => parseNetworkConfig(text, 'f.conflist'), (err: CniError) => err.kind === 'invalid-config' && err.code === 7 && message.test(err.message));
    });
  }

  test('formatting escapes like Go and adds no trailing newline', () => {
    assert.equal(formatNetworkConfig({ a: '<x & y>', b: [] }), '{\n  "a": "\\u003cx \\u0026 y\\u003e",\n  "b": []\n}');
  });
});

describe('subnets', () => {
  test('parse and format', () => {
    assert.deepEqual(parseIpv4Cidr('10.4.0.1/24'), { ip: 0x0a040001, net: { base: 0x0a040000, prefix: 24 } });
    assert.equal(formatCidr(parseIpv4Cidr('192.168.1.77/20')!.net), '192.168.0.0/20');
    assert.equal(formatCidr(parseIpv4Cidr('8.8.8.8')!.net), '8.8.8.8/32');
    for (const bad of ['10.4.0/24', '10.4.0.256/24', '10.4.0.1/33', 'fd00::/64', '010.1.1.1/8', '']) assert.equal(parseIpv4Cidr(bad), undefined, bad);
  });

  const start = parseIpv4Cidr('10.4.1.0/24')!.net;
  const cases: Array<[string, string[], string | undefined]> = [
    ['nothing used', [], '10.4.1.0/24'],
    ['existing networks and host addresses', ['10.4.0.0/24', '10.4.1.0/24', '10.4.2.17/24'], '10.4.3.0/24'],
    ['a larger host network is skipped whole', ['10.4.0.0/16'], '10.5.0.0/24'],
    ['a smaller network inside a candidate', ['10.4.1.128/25'], '10.4.2.0/24'],
    ['default routes and IPv6 are ignored', ['0.0.0.0/0', 'fd00::/8', 'garbage'], '10.4.1.0/24'],
    ['exhaustion', ['10.0.0.0/7', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1'], undefined],
  ];
  test('allocateSubnet starts at 10.4.1.0/24', () => {
    assert.equal(allocateSubnet(['10.4.0.0/24', '10.4.1.0/24']), '10.4.2.0/24');
    assert.throws(() => allocateSubnet(['0.0.0.0/1', '128.0.0.0/1']), /could not find free subnet/);
  });

  for (const [label, used, want] of cases) {
    test(`first free subnet: ${label}`, () => {
      const got = firstFreeSubnet(start, used);
      assert.equal(got && formatCidr(got), want);
    });
  }
});

describe('firewall plugin version', () => {
  const cases: Array<[string, [number, number, number] | undefined]> = [
    ['CNI firewall plugin v1.1.0\n', [1, 1, 0]],
    ['Foo\nCNI firewall plugin v1.7.1+beta\nBar\n', [1, 7, 1]],
    ['CNI firewall plugin version unknown\n', undefined],
    ['', undefined],
  ];
  for (const [stderr, want] of cases) test(JSON.stringify(stderr), () => assert.deepEqual(parseFirewallVersion(stderr), want));
});
