// top's ps filtering, stats figures and metrics decoding, update's spec changes, exact spec parsing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { decodeCgroupMetrics } from '../../../src/container/cgroup-metrics';
import { parseSpecExact } from '../../../src/container/spec-exact';
import { serializeSpec } from '../../../src/container/spec';
import type { Spec } from '../../../src/container/spec';
import { cpuPercent, memoryUsage, netDevTotals, statsRow, systemCpuNs } from '../../../src/container/stats';
import type { StatsSnapshot } from '../../../src/container/stats';
import { filterPsOutput } from '../../../src/container/top';
import { applyResourceUpdate } from '../../../src/container/update';

describe('top', () => {
  const ps = 'UID          PID    PPID  C STIME TTY          TIME CMD\n'
    + 'root           1       0  0 10:00 ?        00:00:01 /sbin/init\n'
    + 'root        4242    4200  0 10:01 ?        00:00:00 sleep 600 extra words\n';
  test('keeps the container rows, the command column whole', () => {
    const r = filterPsOutput(ps, new Set([4242]));
    assert.deepEqual(r.Titles, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    assert.deepEqual(r.Processes, [['root', '4242', '4200', '0', '10:01', '?', '00:00:00', 'sleep 600 extra words']]);
  });
  test('fails without a PID column', () => {
    assert.throws(() => filterPsOutput('USER COMMAND\nroot sh\n', new Set([1])), /Couldn't find PID field in ps output/);
  });
});

describe('stats', () => {
  const cgroup = { cpuNs: 1e9, onlineCpus: 2, memoryUsage: 10 * 1024 * 1024, memoryLimit: 64 * 1024 * 1024,
    inactiveFile: 2 * 1024 * 1024, blockRead: 1500, blockWrite: 0, pids: 3 };
  const snap = (over: Partial<StatsSnapshot>): StatsSnapshot => ({ id: 'a'.repeat(64), name: 'web', cgroup, systemNs: 100e9, netRx: 0, netTx: 0, ...over });

  test('CPU % is the CPU delta over the host delta times the CPUs', () => {
    const prev = snap({});
    const cur = snap({ cgroup: { ...cgroup, cpuNs: 1.5e9 }, systemNs: 102e9 });
    assert.equal(cpuPercent(prev, cur, 8), 50);
    assert.equal(cpuPercent(undefined, cur, 8), 0);
  });
  test('memory without the inactive file cache; docker texts', () => {
    assert.equal(memoryUsage(cgroup), 8 * 1024 * 1024);
    const row = statsRow(undefined, snap({ netRx: 2048, netTx: 10 }), { noTrunc: false, hostCpus: 2, hostMemory: 8 * 2 ** 30 });
    assert.deepEqual(row, {
      ID: 'aaaaaaaaaaaa', Container: 'aaaaaaaaaaaa', Name: 'web', CPUPerc: '0.00%', MemUsage: '8MiB / 64MiB', MemPerc: '12.50%',
      NetIO: '2.05kB / 10B', BlockIO: '1.5kB / 0B', PIDs: '3',
    });
  });
  test('an unlimited cgroup shows the host memory; no task shows zeros', () => {
    const huge = statsRow(undefined, snap({ cgroup: { ...cgroup, memoryLimit: 2 ** 63 } }), { noTrunc: true, hostCpus: 2, hostMemory: 2 ** 30 });
    assert.equal(huge.MemUsage, '8MiB / 1GiB');
    const none = statsRow(undefined, snap({ cgroup: undefined }), { noTrunc: true, hostCpus: 2, hostMemory: 2 ** 30 });
    assert.deepEqual([none.CPUPerc, none.MemUsage, none.MemPerc, none.PIDs], ['0.00%', '0B / 0B', '0.00%', '0']);
  });
  test('/proc/stat and /proc/<pid>/net/dev', () => {
    assert.equal(systemCpuNs('cpu  10 0 5 85 0 0 0 0 0 0\ncpu0 1 2 3\n'), 100 * 10_000_000);
    const dev = 'Inter-|   Receive\n face |bytes packets\n    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0\n  eth0: 1200 3 0 0 0 0 0 0 800 2 0 0 0 0 0 0\n';
    assert.deepEqual(netDevTotals(dev), { rx: 1200, tx: 800 });
  });
});

describe('cgroup metrics decoding', () => {
  test('v1: cpu total and per-CPU count, memory usage/limit above 2^53, inactive file, blkio, pids', () => {
    const w = new BinaryWriter();
    w.uint32(18).fork().uint32(8).uint64(4).join(); // pids.current = 4
    w.uint32(26).fork().uint32(10).fork().uint32(8).uint64(12345).uint32(34).fork().uint64(1).uint64(2).join().join().join();
    w.uint32(34).fork().uint32(240).uint64(100).uint32(266).fork().uint32(8).uint64(9223372036854771712n).uint32(16).uint64(5000).join().join();
    w.uint32(42).fork().uint32(10).fork().uint32(10).string('Read').uint32(40).uint64(700).join()
      .uint32(10).fork().uint32(10).string('Write').uint32(40).uint64(300).join().join();
    const s = decodeCgroupMetrics({ typeUrl: 'io.containerd.cgroups.v1.Metrics', value: w.finish() });
    assert.deepEqual({ ...s, memoryLimit: s.memoryLimit > 2 ** 62 }, {
      cpuNs: 12345, onlineCpus: 2, memoryUsage: 5000, memoryLimit: true, inactiveFile: 100, blockRead: 700, blockWrite: 300, pids: 4,
    });
  });
  test('v2: usec to ns, io sums', () => {
    const w = new BinaryWriter();
    w.uint32(10).fork().uint32(8).uint64(2).join();
    w.uint32(18).fork().uint32(8).uint64(7).join();
    w.uint32(34).fork().uint32(104).uint64(10).uint32(256).uint64(50).uint32(264).uint64(1000).join();
    w.uint32(50).fork().uint32(10).fork().uint32(24).uint64(11).uint32(32).uint64(22).join().join();
    const s = decodeCgroupMetrics({ typeUrl: 'io.containerd.cgroups.v2.Metrics', value: w.finish() });
    assert.deepEqual(s, { cpuNs: 7000, onlineCpus: 0, memoryUsage: 50, memoryLimit: 1000, inactiveFile: 10, blockRead: 11, blockWrite: 22, pids: 2 });
  });
});

describe('update', () => {
  const base = (): Spec => parseSpecExact('{"ociVersion":"1.0.2","process":{"user":{"uid":0,"gid":0},"args":["sh"],"env":[],"cwd":"/",'
    + '"rlimits":[{"type":"RLIMIT_CORE","hard":18446744073709551615,"soft":18446744073709551615}]},"root":{"path":"rootfs"},'
    + '"mounts":[],"linux":{"resources":{"memory":{"limit":67108864,"swap":134217728},"cpu":{"shares":512},"pids":{"limit":50}}}}');

  test('uint64 values survive a parse and serialize round trip', () => {
    assert.match(serializeSpec(base()), /"hard":18446744073709551615,"soft":18446744073709551615/);
  });
  test('-m within the old swap keeps it; --pids-limit; --cpus keeps shares', () => {
    const spec = base();
    const r = applyResourceUpdate(spec, { memory: '128m', pidsLimit: 80, cpus: '0.5' });
    assert.deepEqual(r.memory, { limit: 134217728, swap: 134217728 });
    assert.deepEqual(r.pids, { limit: 80 });
    assert.deepEqual(r.cpu, { shares: 512, period: 100000, quota: 50000 });
  });
  test("docker's errors", () => {
    assert.throws(() => applyResourceUpdate(base(), { memory: '256m' }), /update the memoryswap at the same time/);
    assert.throws(() => applyResourceUpdate(base(), { memory: '1m' }), /Minimum memory limit allowed is 6MB/);
    assert.throws(() => applyResourceUpdate(base(), { cpus: '1', cpuQuota: 5000 }), /Nano CPUs and CPU Quota/);
    assert.deepEqual(applyResourceUpdate(base(), { memory: '256m', memorySwap: '-1' }).memory, { limit: 268435456, swap: -1 });
  });
});
