import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allocatePorts, parseExpose, parsePublish, publishAllRequests } from '../../../src/container/ports';
import type { PortProbe, PublishRequest, PublishedPort } from '../../../src/container/ports';

const tcp = (hostIP: string, host: [number, number] | undefined, container: [number, number], protocol = 'tcp'): PublishRequest => ({
  hostIP, ...(host && { host: { start: host[0], end: host[1] } }), container: { start: container[0], end: container[1] },
  protocol: protocol as PublishRequest['protocol'],
});

describe('parsePublish', () => {
  const good: Array<[string, PublishRequest]> = [
    ['80', tcp('0.0.0.0', undefined, [80, 80])],
    ['8080:80', tcp('0.0.0.0', [8080, 8080], [80, 80])],
    ['8080:80/udp', tcp('0.0.0.0', [8080, 8080], [80, 80], 'udp')],
    ['8080:80/SCTP', tcp('0.0.0.0', [8080, 8080], [80, 80], 'sctp')],
    ['127.0.0.1:8080:80', tcp('127.0.0.1', [8080, 8080], [80, 80])],
    ['127.0.0.1::80', tcp('127.0.0.1', undefined, [80, 80])],
    ['0:80', tcp('0.0.0.0', undefined, [80, 80])],
    ['[::1]:8080:80', tcp('::1', [8080, 8080], [80, 80])],
    ['::1:8080:80', tcp('::1', [8080, 8080], [80, 80])],
    ['7000-7005:79-84', tcp('0.0.0.0', [7000, 7005], [79, 84])],
    ['7000-7005:80', tcp('0.0.0.0', [7000, 7005], [80, 80])],
    ['79-84', tcp('0.0.0.0', undefined, [79, 84])],
    ['80-80', tcp('0.0.0.0', undefined, [80, 80])],
    ['published=8080,target=80', tcp('0.0.0.0', [8080, 8080], [80, 80])],
    ['target=53,protocol=udp', tcp('0.0.0.0', undefined, [53, 53], 'udp')],
  ];
  for (const [spec, want] of good) test(`accepts ${spec}`, () => assert.deepEqual(parsePublish(spec), want));

  const bad: Array<[string, string]> = [
    ['', 'no port specified: <empty>'],
    ['8080:', 'no port specified: 8080:<empty>'],
    ['80/xyz', 'invalid proto: xyz'],
    ['abc', 'invalid containerPort: abc'],
    ['0', 'invalid containerPort: 0'],
    ['8080:70000', 'invalid containerPort: 70000'],
    ['x:80', 'invalid hostPort: x'],
    ['90-80:80', 'invalid hostPort: 90-80'],
    ['1.2.3:8080:80', 'invalid IP address: 1.2.3'],
    ['localhost:8080:80', 'invalid IP address: localhost'],
    ['[::1:8080:80', "invalid IP address [::1: address [::1:: missing ']' in address"],
    ['7000-7005:79-85', 'invalid ranges specified for container and host Ports: 79-85 and 7000-7005'],
    ['7000:79-80', 'invalid ranges specified for container and host Ports: 79-80 and 7000'],
    ['published=8080,80', "invalid publish opts format (should be name=value but got '80')"],
  ];
  for (const [spec, message] of bad) {
    test(`refuses ${JSON.stringify(spec)}`, () => assert.throws(() => parsePublish(spec), { code: 'invalid-argument', message }));
  }
});

describe('parseExpose', () => {
  const good: Array<[string, string[]]> = [
    ['80', ['80/tcp']],
    ['53/UDP', ['53/udp']],
    ['7000-7002', ['7000/tcp', '7001/tcp', '7002/tcp']],
    ['9-9/sctp', ['9/sctp']],
  ];
  for (const [value, want] of good) test(`expands ${value}`, () => assert.deepEqual(parseExpose(value), want));
  const bad: Array<[string, string]> = [
    ['', 'invalid range format for --expose: invalid port range: value is empty'],
    ['abc', "invalid range format for --expose: invalid start port 'abc': invalid syntax"],
    ['80:80', "invalid range format for --expose: invalid start port '80:80': invalid syntax"],
    ['70000', "invalid range format for --expose: invalid start port '70000': value out of range"],
    ['80-x', "invalid range format for --expose: invalid end port 'x': invalid syntax"],
    ['90-80', 'invalid range format for --expose: invalid port range: 90-80'],
    ['80/foo', 'invalid proto: foo'],
  ];
  for (const [value, message] of bad) test(`refuses ${JSON.stringify(value)}`, () => assert.throws(() => parseExpose(value), { message }));
});

test('publishAllRequests: exposed ports without an explicit -p, in port order', () => {
  const got = publishAllRequests(['443/tcp', '80/tcp', '53/udp', '80/tcp'], [tcp('0.0.0.0', [8080, 8080], [80, 80])]);
  assert.deepEqual(got, [tcp('0.0.0.0', undefined, [53, 53], 'udp'), tcp('0.0.0.0', undefined, [443, 443])]);
});

/** A probe where the listed "proto/ip:port" are taken ("0.0.0.0" entries block every address). */
function fakeProbe(taken: string[]): PortProbe & { asked: number } {
  const probe = {
    asked: 0,
    async isFree(protocol: string, hostIP: string, port: number): Promise<boolean> {
      probe.asked++;
      return !taken.some((t) => t === `${protocol}/${hostIP}:${port}` || t === `${protocol}/0.0.0.0:${port}`
        || (hostIP === '0.0.0.0' && t.startsWith(`${protocol}/`) && t.endsWith(`:${port}`)));
    },
  };
  return probe;
}

const mapping = (hostIP: string, hostPort: number, containerPort: number, protocol = 'tcp'): PublishedPort => ({ hostIP, hostPort, containerPort, protocol });

describe('allocatePorts', () => {
  const cases: Array<{ name: string; requests: PublishRequest[]; taken?: string[]; want: PublishedPort[] | string }> = [
    { name: 'explicit ports', requests: [tcp('0.0.0.0', [8080, 8080], [80, 80]), tcp('127.0.0.1', [9000, 9001], [9000, 9001], 'udp')],
      want: [mapping('0.0.0.0', 8080, 80), mapping('127.0.0.1', 9000, 9000, 'udp'), mapping('127.0.0.1', 9001, 9001, 'udp')] },
    { name: 'a taken port', requests: [tcp('0.0.0.0', [8080, 8080], [80, 80])], taken: ['tcp/127.0.0.1:8080'],
      want: 'Bind for 0.0.0.0:8080 failed: port is already allocated' },
    { name: 'a taken port in a range', requests: [tcp('127.0.0.1', [7000, 7002], [80, 82])], taken: ['tcp/0.0.0.0:7001'],
      want: 'Bind for 127.0.0.1:7001 failed: port is already allocated' },
    { name: 'same port, other protocol', requests: [tcp('0.0.0.0', [8080, 8080], [80, 80])], taken: ['udp/0.0.0.0:8080'],
      want: [mapping('0.0.0.0', 8080, 80)] },
    { name: 'same port, other address', requests: [tcp('127.0.0.1', [8080, 8080], [80, 80])], taken: ['tcp/192.0.2.2:8080'],
      want: [mapping('127.0.0.1', 8080, 80)] },
    { name: 'IPv6 address in the message', requests: [tcp('::1', [8080, 8080], [80, 80])], taken: ['tcp/::1:8080'],
      want: 'Bind for [::1]:8080 failed: port is already allocated' },
    { name: 'a host range with one container port is a pool', requests: [tcp('0.0.0.0', [7000, 7005], [80, 80])], taken: ['tcp/0.0.0.0:7000', 'tcp/0.0.0.0:7001'],
      want: [mapping('0.0.0.0', 7002, 80)] },
    { name: 'an exhausted pool', requests: [tcp('0.0.0.0', [7000, 7001], [80, 80])], taken: ['tcp/0.0.0.0:7000', 'tcp/0.0.0.0:7001'],
      want: 'Bind for 0.0.0.0:7000-7001 failed: port is already allocated' },
    { name: 'two -p of one create on one host port', requests: [tcp('0.0.0.0', [8080, 8080], [80, 80]), tcp('127.0.0.1', [8080, 8080], [81, 81])],
      want: 'Bind for 127.0.0.1:8080 failed: port is already allocated' },
    { name: 'automatic ports start at the random point and skip taken ones', requests: [tcp('0.0.0.0', undefined, [80, 80]), tcp('0.0.0.0', undefined, [90, 91])],
      taken: ['tcp/0.0.0.0:49153'], want: [mapping('0.0.0.0', 49154, 80), mapping('0.0.0.0', 49155, 90), mapping('0.0.0.0', 49156, 91)] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const run = allocatePorts(c.requests, fakeProbe(c.taken ?? []), () => 0);
      if (typeof c.want === 'string') await assert.rejects(run, { code: 'conflict', message: c.want });
      else assert.deepEqual(await run, c.want);
    });
  }

  test('the random point wraps around the range', async () => {
    const got = await allocatePorts([tcp('0.0.0.0', undefined, [80, 80])], fakeProbe(['tcp/0.0.0.0:60999']), () => 0.99999999);
    assert.deepEqual(got, [mapping('0.0.0.0', 49153, 80)]);
  });
});
