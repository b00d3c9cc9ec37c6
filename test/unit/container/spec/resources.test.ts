import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpuResources, memoryResources, parseUlimit, withResources, withUlimits, type ResourceFlags,
} from '../../../../src/container/spec/resources';
import { serializeSpec } from '../../../../src/container/spec/serialize';
import { assertInvalid, baseSpec } from './helpers';

const MiB = 1024 * 1024;

describe('memory', () => {
  const cases: Array<{ name: string; flags: ResourceFlags; want: unknown }> = [
    { name: 'none', flags: {}, want: undefined },
    { name: '-m gives swap = 2 x memory', flags: { memory: '64m' }, want: { limit: 64 * MiB, swap: 128 * MiB } },
    { name: 'explicit swap', flags: { memory: '64m', memorySwap: '100m' }, want: { limit: 64 * MiB, swap: 100 * MiB } },
    { name: 'swap 0 means unset', flags: { memory: '64m', memorySwap: '0' }, want: { limit: 64 * MiB, swap: 128 * MiB } },
    { name: 'swap -1 is unlimited (left out)', flags: { memory: '64m', memorySwap: '-1' }, want: { limit: 64 * MiB } },
    { name: 'reservation', flags: { memory: '1g', memoryReservation: '512m' }, want: { limit: 1024 * MiB, reservation: 512 * MiB, swap: 2048 * MiB } },
    { name: 'reservation alone', flags: { memoryReservation: '10m' }, want: { reservation: 10 * MiB } },
    { name: 'swappiness and oom', flags: { memorySwappiness: 0, oomKillDisable: true }, want: { swappiness: 0, disableOOMKiller: true } },
    { name: 'swappiness -1 is unset', flags: { memorySwappiness: -1 }, want: undefined },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(memoryResources(c.flags), c.want));

  const errors: Array<[ResourceFlags, string]> = [
    [{ memory: 'abc' }, `invalid argument "abc" for "-m, --memory" flag: invalid size: 'abc'`],
    [{ memory: '64m', memorySwap: 'x' }, `invalid argument "x" for "--memory-swap" flag: invalid size: 'x'`],
    [{ memoryReservation: '1q' }, `invalid argument "1q" for "--memory-reservation" flag: invalid suffix: 'q'`],
    [{ memory: '4m' }, 'Minimum memory limit allowed is 6MB'],
    [{ memory: '64m', memorySwap: '32m' }, 'Minimum memoryswap limit should be larger than memory limit, see usage'],
    [{ memorySwap: '32m' }, 'You should always set the Memory limit when using Memoryswap limit, see usage'],
    [{ memoryReservation: '1m' }, 'Minimum memory reservation allowed is 6MB'],
    [{ memory: '64m', memoryReservation: '128m' }, 'Minimum memory limit can not be less than memory reservation limit, see usage'],
    [{ memorySwappiness: 101 }, 'Invalid value: 101, valid memory swappiness range is 0-100'],
  ];
  for (const [flags, message] of errors) test(`refuses ${JSON.stringify(flags)}`, () => assertInvalid(() => memoryResources(flags), message));
});

describe('cpu', () => {
  const cases: Array<{ name: string; flags: ResourceFlags; want: unknown }> = [
    { name: 'none', flags: {}, want: undefined },
    { name: '--cpus 1.5', flags: { cpus: '1.5' }, want: { period: 100000, quota: 150000 } },
    { name: '--cpus 0.5', flags: { cpus: '0.5' }, want: { period: 100000, quota: 50000 } },
    { name: 'shares and cpusets', flags: { cpuShares: 512, cpusetCpus: '0-2', cpusetMems: '0' }, want: { shares: 512, cpus: '0-2', mems: '0' } },
    { name: 'explicit quota/period', flags: { cpuPeriod: 50000, cpuQuota: 25000 }, want: { period: 50000, quota: 25000 } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(cpuResources(c.flags), c.want));

  const errors: Array<[ResourceFlags, string]> = [
    [{ cpus: 'lots' }, 'invalid argument "lots" for "--cpus" flag: failed to parse lots as a rational number'],
    [{ cpus: '1', cpuPeriod: 1000 }, 'Conflicting options: Nano CPUs and CPU Period cannot both be set'],
    [{ cpus: '1', cpuQuota: 1000 }, 'Conflicting options: Nano CPUs and CPU Quota cannot both be set'],
    [{ cpus: '9', hostCpus: 8 }, 'range of CPUs is from 0.01 to 8.00, as there are only 8 CPUs available'],
    [{ cpuPeriod: 10 }, 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)'],
    [{ cpuQuota: 10 }, 'CPU cfs quota can not be less than 1ms (i.e. 1000)'],
    [{ cpuShares: -1 }, 'invalid CPU shares (-1): value must be a positive integer'],
  ];
  for (const [flags, message] of errors) test(`refuses ${JSON.stringify(flags)}`, () => assertInvalid(() => cpuResources(flags), message));
});

describe('withResources', () => {
  test('fills memory, cpu, pids and oom score; keeps device rules', () => {
    const spec = baseSpec();
    withResources(spec, { memory: '512m', cpus: '2', pidsLimit: 100, oomScoreAdj: 500 });
    assert.deepEqual(spec.linux.resources?.memory, { limit: 512 * MiB, swap: 1024 * MiB });
    assert.deepEqual(spec.linux.resources?.cpu, { period: 100000, quota: 200000 });
    assert.deepEqual(spec.linux.resources?.pids, { limit: 100 });
    assert.equal(spec.process.oomScoreAdj, 500);
    assert.ok((spec.linux.resources?.devices ?? []).length > 1);
  });
  test('pids-limit 0 or negative means unlimited', () => {
    for (const n of [0, -1, -5]) {
      const spec = baseSpec();
      withResources(spec, { pidsLimit: n });
      assert.deepEqual(spec.linux.resources?.pids, { limit: -1 });
    }
  });
  test('oom-score-adj range', () => {
    assertInvalid(() => withResources(baseSpec(), { oomScoreAdj: 1001 }), 'Invalid value 1001, range for oom score adj is [-1000, 1000]');
    const spec = baseSpec();
    withResources(spec, { oomScoreAdj: -1000 });
    assert.equal(spec.process.oomScoreAdj, -1000);
  });
});

describe('ulimits', () => {
  const cases: Array<[string, { name: string; soft: number; hard: number }]> = [
    ['nofile=1024:2048', { name: 'nofile', soft: 1024, hard: 2048 }],
    ['nofile=1024', { name: 'nofile', soft: 1024, hard: 1024 }],
    ['nproc=-1', { name: 'nproc', soft: -1, hard: -1 }],
    ['core=0:-1', { name: 'core', soft: 0, hard: -1 }],
  ];
  for (const [text, want] of cases) test(text, () => assert.deepEqual(parseUlimit(text), want));

  const errors: Array<[string, string]> = [
    ['nofile', 'invalid ulimit argument: nofile'],
    ['as=1', 'invalid ulimit type: as'],
    ['nofile=1:2:3', 'too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`'],
    ['nofile=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ['nofile=2048:1024', 'ulimit soft limit must be less than or equal to hard limit: 2048 > 1024'],
    ['nofile=-1:1024', 'ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 1024'],
  ];
  for (const [text, reason] of errors) {
    test(`refuses ${text}`, () => assertInvalid(() => parseUlimit(text), `invalid argument "${text}" for "--ulimit" flag: ${reason}`));
  }

  test('withUlimits: last per name wins, sorted, -1 is RLIM_INFINITY in config.json', () => {
    const spec = baseSpec();
    withUlimits(spec, ['nproc=10', 'nofile=1:2', 'nofile=100:200', 'core=-1']);
    assert.deepEqual(spec.process.rlimits?.map((r) => r.type), ['RLIMIT_CORE', 'RLIMIT_NOFILE', 'RLIMIT_NPROC']);
    assert.deepEqual(spec.process.rlimits?.[1], { type: 'RLIMIT_NOFILE', soft: 100, hard: 200 });
    const json = serializeSpec(spec);
    assert.ok(json.includes('{"type":"RLIMIT_CORE","soft":18446744073709551615,"hard":18446744073709551615}'), json);
    assert.doesNotThrow(() => JSON.parse(json));
  });
  test('no ulimits: no rlimits at all', () => {
    const spec = baseSpec();
    spec.process.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 1024 }];
    withUlimits(spec, []);
    assert.equal(spec.process.rlimits, undefined);
  });
});
