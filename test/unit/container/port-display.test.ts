import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayPorts, naturalCompare, networkSettingsPorts, portBindings, portLines } from '../../../src/container/port-display';
import { forwardedBy, hostPortProbe, parseDnatRules } from '../../../src/container/port-probe';
import type { PortProbe, PublishedPort } from '../../../src/container/ports';
import {
  exposedPortsOf, planPorts, portLabels, publishedPortsOf, resolvePorts, writeNetworkConfig,
} from '../../../src/container/publish';
import { inspectPorts, portFilterKeys, psPorts } from '../../../src/container/port-view';
import { matchesFilters, parseFilters } from '../../../src/container/ps-filters';
import type { FilterCandidate } from '../../../src/container/ps-filters';
import { parsePortArg } from '../../../src/container/ops/port';

const m = (hostIP: string, hostPort: number, containerPort: number, protocol = 'tcp'): PublishedPort => ({ hostIP, hostPort, containerPort, protocol });

describe('displayPorts (ps PORTS)', () => {
  const cases: Array<[string, PublishedPort[], string[], string]> = [
    ['nothing', [], [], ''],
    ['one mapping', [m('0.0.0.0', 8080, 80)], ['80/tcp'], '0.0.0.0:8080->80/tcp'],
    ['exposed only', [], ['443/tcp', '80/tcp'], '80/tcp, 443/tcp'],
    ['equal ports merge into a range', [m('127.0.0.1', 9001, 9001, 'udp'), m('127.0.0.1', 9000, 9000, 'udp')], [],
      '127.0.0.1:9000-9001->9000-9001/udp'],
    ['different host ports stay apart, after the groups', [m('0.0.0.0', 8080, 80), m('0.0.0.0', 443, 443)], ['80/tcp', '443/tcp'],
      '0.0.0.0:443->443/tcp, 0.0.0.0:8080->80/tcp'],
    ['exposed ranges merge, a gap breaks them', [], ['7000/tcp', '7001/tcp', '7003/tcp', '7001/udp'], '7000-7001/tcp, 7003/tcp, 7001/udp'],
    ['the brief example', [m('0.0.0.0', 8080, 80), m('127.0.0.1', 9000, 9000, 'udp'), m('127.0.0.1', 9001, 9001, 'udp')], [],
      '127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp'],
    ['IPv6 addresses in brackets, IPv4 first', [m('::', 80, 80), m('0.0.0.0', 80, 80)], [], '0.0.0.0:80->80/tcp, [::]:80->80/tcp'],
  ];
  for (const [name, mappings, exposed, want] of cases) test(name, () => assert.equal(displayPorts(mappings, exposed), want));
});

test('portLines: docker port output, naturally sorted; one port gives addresses only', () => {
  const all = [m('127.0.0.1', 9000, 9000, 'udp'), m('0.0.0.0', 8080, 80), m('127.0.0.1', 8081, 80), m('0.0.0.0', 8443, 443)];
  assert.deepEqual(portLines(all), ['80/tcp -> 0.0.0.0:8080', '80/tcp -> 127.0.0.1:8081', '443/tcp -> 0.0.0.0:8443', '9000/udp -> 127.0.0.1:9000']);
  assert.deepEqual(portLines(all, { port: 80, protocol: 'tcp' }), ['0.0.0.0:8080', '127.0.0.1:8081']);
  assert.deepEqual(portLines(all, { port: 9000, protocol: 'tcp' }), []);
  assert.deepEqual(portLines([m('::1', 8080, 80)]), ['80/tcp -> [::1]:8080']);
});

test('naturalCompare orders digit runs by value', () => {
  assert.deepEqual(['b10', 'a2', 'b9', 'a10'].sort(naturalCompare), ['a2', 'a10', 'b9', 'b10']);
});

describe('parsePortArg (port PRIVATE_PORT[/PROTO])', () => {
  test('valid', () => {
    assert.deepEqual(parsePortArg('80'), { port: 80, protocol: 'tcp' });
    assert.deepEqual(parsePortArg('53/UDP'), { port: 53, protocol: 'udp' });
  });
  for (const [value, message] of [['x', "invalid port 'x': invalid syntax"], ['99999', "invalid port '99999': value out of range"], ['', 'invalid port: value is empty']]) {
    test(`refuses ${JSON.stringify(value)}`, () => assert.throws(() => parsePortArg(value!), { message }));
  }
});

test('inspect shapes: PortBindings and NetworkSettings.Ports in Go map key order, exposed ports null', () => {
  const mappings = [m('0.0.0.0', 8080, 80), m('127.0.0.1', 8081, 80), m('0.0.0.0', 9000, 9000, 'udp')];
  assert.deepEqual(JSON.stringify(portBindings(mappings)),
    '{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"127.0.0.1","HostPort":"8081"}],"9000/udp":[{"HostIp":"0.0.0.0","HostPort":"9000"}]}');
  assert.deepEqual(JSON.stringify(networkSettingsPorts([m('0.0.0.0', 8080, 80)], ['443/tcp', '80/tcp'])),
    '{"443/tcp":null,"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}');
});

describe('iptables DNAT rules of running containers', () => {
  const listing = [
    '-N CNI-DN-493f315bf697386872d08',
    '-A CNI-DN-493f315bf697386872d08 -s 10.4.0.0/24 -p tcp -m tcp --dport 21080 -j CNI-HOSTPORT-SETMARK',
    '-A CNI-DN-493f315bf697386872d08 -p tcp -m tcp --dport 21080 -j DNAT --to-destination 10.4.0.57:80',
    '-A CNI-DN-493f315bf697386872d08 -d 127.0.0.1/32 -p udp -m udp --dport 21081 -j DNAT --to-destination 10.4.0.57:80',
    '-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"bridge\\"" -m multiport --dports 21080,21081 -j CNI-DN-493f315bf697386872d08',
  ].join('\n');
  const rules = parseDnatRules(listing);
  test('parsed', () => assert.deepEqual(rules, [{ protocol: 'tcp', port: 21080 }, { protocol: 'udp', port: 21081, ip: '127.0.0.1' }]));
  test('except: the chains of the container a recreate replaces do not count', () => {
    const two = [
      '-A CNI-DN-aaaa -p tcp -m tcp --dport 20481 -j DNAT --to-destination 10.4.1.2:80',
      '-A CNI-DN-bbbb -p tcp -m tcp --dport 20482 -j DNAT --to-destination 10.4.1.3:80',
      '-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"rc_default\\" id: \\"ns-0123abcd\\"" -m multiport --dports 20481 -j CNI-DN-aaaa',
      '-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"rc_default\\" id: \\"ns-4567ef01\\"" -m multiport --dports 20482 -j CNI-DN-bbbb',
    ].join('\n');
    assert.deepEqual(parseDnatRules(two).map((r) => r.port), [20481, 20482]);
    assert.deepEqual(parseDnatRules(two, '0123abcd').map((r) => r.port), [20482]);
    assert.deepEqual(parseDnatRules(two, '0123').map((r) => r.port), [20481, 20482], 'whole IDs only');
  });
  const cases: Array<[string, string, number, boolean]> = [
    ['tcp', '127.0.0.1', 21080, true], ['tcp', '0.0.0.0', 21080, true], ['udp', '0.0.0.0', 21080, false],
    ['udp', '127.0.0.1', 21081, true], ['udp', '0.0.0.0', 21081, true], ['udp', '192.0.2.2', 21081, false], ['tcp', '0.0.0.0', 21082, false],
  ];
  for (const [proto, ip, port, want] of cases) test(`${proto} ${ip}:${port} forwarded: ${want}`, () => assert.equal(forwardedBy(rules, proto, ip, port), want));

  test('hostPortProbe: iptables read once, bind test only for free tcp/udp ports', async () => {
    let reads = 0;
    const binds: string[] = [];
    const probe = hostPortProbe(async () => { reads++; return listing; }, async (proto, ip, port) => { binds.push(`${proto}/${ip}:${port}`); return port !== 30000; });
    assert.equal(await probe.isFree('tcp', '0.0.0.0', 21080), false);
    assert.equal(await probe.isFree('tcp', '0.0.0.0', 30000), false);
    assert.equal(await probe.isFree('tcp', '0.0.0.0', 30001), true);
    assert.equal(await probe.isFree('sctp', '0.0.0.0', 30000), true);
    assert.equal(reads, 1);
    assert.deepEqual(binds, ['tcp/0.0.0.0:30000', 'tcp/0.0.0.0:30001']);
  });
  test('hostPortProbe: no iptables means no forwarded ports', async () => {
    const probe = hostPortProbe(async () => { throw new Error('iptables: not found'); }, async () => true);
    assert.equal(await probe.isFree('tcp', '0.0.0.0', 21080), true);
  });
});

describe('create: plan, resolve, record', () => {
  const free: PortProbe = { isFree: async () => true };
  test('container: networks refuse -p', () => {
    assert.throws(() => planPorts({ publish: ['80'] }, ['container:abc']), { message: 'conflicting options: port publishing and the container type network mode' });
  });
  test('host network: docker warning, no mappings; exposed ports kept', async () => {
    const got = await resolvePorts(planPorts({ publish: ['8080:80'] }, ['host']), { imageExposed: [], networks: ['host'], cni: false, probe: free });
    assert.deepEqual(got, { mappings: [], exposed: ['80/tcp'], warnings: ['Published ports are discarded when using host network mode'] });
  });
  test('none network: no mappings, no warning', async () => {
    const got = await resolvePorts(planPorts({ publish: ['8080:80'] }, ['none']), { imageExposed: [], networks: ['none'], cni: false, probe: free });
    assert.deepEqual(got.mappings, []);
    assert.deepEqual(got.warnings, []);
  });
  test('-P publishes the image ExposedPorts and --expose; exposed set merges all', async () => {
    const plan = planPorts({ publish: ['127.0.0.1:8080:80'], expose: ['9000-9001/udp'], publishAll: true }, ['bridge']);
    const got = await resolvePorts(plan, { imageExposed: ['80/tcp', '443/tcp'], networks: ['bridge'], cni: true, probe: free });
    assert.deepEqual(got.exposed, ['80/tcp', '443/tcp', '9000/udp', '9001/udp']);
    assert.deepEqual(got.mappings.map((x) => `${x.hostIP}:${x.containerPort}/${x.protocol}`), ['127.0.0.1:80/tcp', '0.0.0.0:443/tcp', '0.0.0.0:9000/udp', '0.0.0.0:9001/udp']);
    assert.ok(got.mappings.slice(1).every((x) => x.hostPort >= 49153 && x.hostPort <= 60999));
  });

  test('network-config.json and labels as nerdctl writes them, read back by ps, inspect and filters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerdts-ports-'));
    try {
      const mappings = [m('0.0.0.0', 8080, 80), m('127.0.0.1', 9000, 9000, 'udp')];
      writeNetworkConfig(dir, mappings);
      assert.equal(readFileSync(join(dir, 'network-config.json'), 'utf8'),
        '{"portMappings":[{"HostPort":8080,"ContainerPort":80,"Protocol":"tcp","HostIP":"0.0.0.0"},{"HostPort":9000,"ContainerPort":9000,"Protocol":"udp","HostIP":"127.0.0.1"}]}');
      const labels: Record<string, string> = { ...portLabels({ mappings, exposed: ['80/tcp', '443/tcp', '9000/udp'] }), 'nerdctl/networks': '["bridge"]' };
      assert.equal(labels['nerdctl/exposed-ports'], '{"80/tcp":{},"443/tcp":{},"9000/udp":{}}');
      const read = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
      assert.deepEqual(publishedPortsOf(dir, labels, read), mappings);
      assert.deepEqual(publishedPortsOf('', labels, read), mappings, 'the nerdctl/ports label is the fallback');
      assert.deepEqual(exposedPortsOf(labels), ['80/tcp', '443/tcp', '9000/udp']);
      const c = { labels };
      assert.equal(psPorts(c, dir, true, read), '443/tcp, 127.0.0.1:9000->9000/udp, 0.0.0.0:8080->80/tcp');
      assert.equal(psPorts(c, dir, false, read), '', 'a stopped container shows no ports');
      assert.equal(psPorts({ labels: { ...labels, 'nerdctl/networks': '["host"]' } }, dir, true, read), '');
      const inspect = inspectPorts(c, dir, false, read);
      assert.deepEqual(inspect.ports, {});
      assert.deepEqual(Object.keys(inspect.portBindings), ['80/tcp', '9000/udp']);
      assert.deepEqual(inspect.exposedPorts, { '443/tcp': {}, '80/tcp': {}, '9000/udp': {} });
      writeNetworkConfig(dir, []);
      assert.equal(readFileSync(join(dir, 'network-config.json'), 'utf8'), '{}');

      const keys = portFilterKeys(c, '', read);
      const cand: FilterCandidate = { id: 'a', name: 'web', labels, state: 'running', exitCode: 0, createdMs: 0, image: 'x', volumes: [], networks: ['bridge'], ...keys };
      const match = (f: string): boolean => matchesFilters(cand, parseFilters([f]));
      assert.equal(match('publish=80'), true);
      assert.equal(match('publish=8080'), false, 'publish matches container ports, as docker');
      assert.equal(match('publish=9000-9005/udp'), true);
      assert.equal(match('publish=443'), false);
      assert.equal(match('expose=443/tcp'), true);
      assert.equal(match('expose=22'), false);
      assert.throws(() => parseFilters(['publish=1:2']), { message: "filter for 'publish' should not contain ':': 1:2" });
      assert.throws(() => parseFilters(['expose=x']), { message: "error while looking up for expose x: invalid start port 'x': invalid syntax" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
