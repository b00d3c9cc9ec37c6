// Resource and security flags of `run` checked from inside one container (its report on stdout,
// read with logs) and through inspect; then `top`, `stats --no-stream` and `update` on it.
// Private namespace and data root; --network none. Skipped when containerd or the fixtures are absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNamespace, connect, skipReason } from '../image/image-env';

const BIN = process.env['NERDTS_BIN'] ?? join(process.env['NERDTS_REPO'] ?? process.cwd(), 'bin', 'nerdts');
const NS = `nerdts-res-${process.pid}`;
const BUSYBOX = '127.0.0.1:5000/busybox:latest';
const skip = skipReason() || (existsSync(BIN) ? false : `${BIN} missing: npm run build`);
// tini on Debian is dynamically linked and cannot run in busybox; docker-init is the static one.
const INIT = ['docker-init', 'tini-static'].find((b) => (process.env['PATH'] ?? '').split(':').some((d) => existsSync(join(d, b))));

interface Result { status: number; stdout: string; stderr: string }

// Everything the container reports about itself, one "key=value" (or /proc status) line each.
const REPORT = [
  'cd /sys/fs/cgroup',
  'echo mem=$(cat memory/memory.limit_in_bytes) memsw=$(cat memory/memory.memsw.limit_in_bytes)',
  'echo quota=$(cat cpu/cpu.cfs_quota_us) period=$(cat cpu/cpu.cfs_period_us) shares=$(cat cpu/cpu.shares)',
  'echo cpuset=$(cat cpuset/cpuset.cpus) pids=$(cat pids/pids.max)',
  'grep -E "^(CapEff|NoNewPrivs|Groups):" /proc/self/status',
  'echo nofile=$(ulimit -n) nofilehard=$(ulimit -Hn)',
  'echo shm=$(df -k /dev/shm | tail -1 | awk "{print \\$2}")',
  'echo oom=$(cat /proc/self/oom_score_adj) forward=$(cat /proc/sys/net/ipv4/ip_forward)',
  'touch /rootfile 2>/dev/null && echo root=rw || echo root=ro',
  'touch /run/x && echo run=rw',
  'echo pid1=$(cat /proc/1/comm)',
  'echo END',
  'exec sleep 600',
].join('; ');

describe('resource and security flags, top, stats, update', { skip }, () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'nerdts-res-'));

  function nerdts(args: string[]): Result {
    const env: Record<string, string | undefined> = { ...process.env, NERDTS_NO_AUTOSTART: '1' };
    delete env['NODE_EXTRA_CA_CERTS'];
    const r = spawnSync(BIN, ['-n', NS, '--data-root', dataRoot, ...args], { env, input: '', encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  function ok(args: string[]): string {
    const r = nerdts(args);
    assert.equal(r.status, 0, `nerdts ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }
  /** The container's report, once it has printed END (it then sleeps). */
  function report(name: string): Map<string, string> {
    let out = '';
    for (let i = 0; i < 100 && !out.includes('END'); i++) {
      out = ok(['logs', name]);
      if (!out.includes('END')) spawnSync('sleep', ['0.1']);
    }
    assert.match(out, /END/, `no report: ${out}`);
    return new Map(out.split(/\s+/).filter((w) => w.includes('=')).map((w) => w.split('=') as [string, string]));
  }
  /** A cgroup v1 file of the container's init process, read on the host. */
  function hostCgroupFile(pid: number, controller: string, file: string): string {
    const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').find((l) => l.split(':')[1]!.split(',').includes(controller));
    assert.ok(line, `no ${controller} cgroup for ${pid}`);
    return readFileSync(join('/sys/fs/cgroup', controller, line.split(':')[2]!, file), 'utf8').trim();
  }

  before(() => { ok(['pull', '-q', BUSYBOX]); });
  after(async () => {
    const ids = nerdts(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length) nerdts(['rm', '-f', ...ids]);
    const c = await connect(NS);
    await cleanNamespace(c, NS).catch(() => undefined);
    c.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  test('many flags at once, seen from inside, in inspect, top, stats and update', { skip: existsSync('/sys/fs/cgroup/memory') ? false : 'cgroup v1 only' }, () => {
    const init = INIT ? ['--init', '--init-binary', INIT] : [];
    ok(['run', '-d', '-q', '--network', 'none', '--name', 'big', '-m', '64m', '--memory-swap', '128m', '--cpus', '0.5',
      '--cpu-shares', '512', '--cpuset-cpus', '0', '--pids-limit', '50', '--ulimit', 'nofile=1024:2048', '--shm-size', '32m',
      '--cap-drop', 'NET_RAW', '--cap-add', 'SYS_ADMIN', '--sysctl', 'net.ipv4.ip_forward=1', '--read-only', '--tmpfs', '/run',
      ...init, '--group-add', '1234', '--oom-score-adj', '100', '--security-opt', 'no-new-privileges',
      BUSYBOX, 'sh', '-c', REPORT]);
    const r = report('big');
    const expect = {
      mem: String(64 << 20), memsw: String(128 << 20), quota: '50000', period: '100000', shares: '512', cpuset: '0', pids: '50',
      nofile: '1024', nofilehard: '2048', shm: '32768', oom: '100', forward: '1', root: 'ro', run: 'rw',
    };
    for (const [k, v] of Object.entries(expect)) assert.equal(r.get(k), v, k);
    if (INIT) assert.equal(r.get('pid1'), INIT);
    const logs = ok(['logs', 'big']);
    // docker's default set (0xa80425fb) plus SYS_ADMIN (bit 21), minus NET_RAW (bit 13).
    assert.match(logs, /CapEff:\s*00000000a82405fb/);
    assert.match(logs, /NoNewPrivs:\s*1/);
    assert.match(logs, /Groups:\s*0 1234/);

    const hc = JSON.parse(ok(['inspect', '-f', '{{json .HostConfig}}', 'big'])) as Record<string, unknown>;
    assert.deepEqual({
      Memory: hc['Memory'], MemorySwap: hc['MemorySwap'], NanoCpus: hc['NanoCpus'], CpuShares: hc['CpuShares'],
      CpusetCpus: hc['CpusetCpus'], PidsLimit: hc['PidsLimit'], ShmSize: hc['ShmSize'], ReadonlyRootfs: hc['ReadonlyRootfs'],
      OomScoreAdj: hc['OomScoreAdj'], CapAdd: hc['CapAdd'], CapDrop: hc['CapDrop'], Ulimits: hc['Ulimits'],
    }, {
      Memory: 64 << 20, MemorySwap: 128 << 20, NanoCpus: 500_000_000, CpuShares: 512, CpusetCpus: '0', PidsLimit: 50,
      ShmSize: 32 << 20, ReadonlyRootfs: true, OomScoreAdj: 100, CapAdd: ['CAP_SYS_ADMIN'], CapDrop: ['CAP_NET_RAW'],
      Ulimits: [{ Name: 'nofile', Hard: 2048, Soft: 1024 }],
    });

    const top = ok(['top', 'big']).split('\n');
    assert.match(top[0]!, /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
    assert.ok(top.some((l) => /\ssleep 600$/.test(l)), top.join('\n'));
    assert.equal(ok(['top', 'big', '-o', 'pid,comm']).split('\n').filter((l) => /^\d+\s+sleep$/.test(l)).length, 1);

    const stats = ok(['stats', '--no-stream', 'big']).split('\n');
    assert.match(stats[0]!, /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
    const row = /^[0-9a-f]{12}\s+big\s+\d+\.\d\d%\s+([\d.]+)(B|KiB|MiB)\s+\/\s+64MiB\s+\d+\.\d\d%\s+0B \/ 0B\s+\S+ \/ \S+\s+(\d+)$/.exec(stats[1]!);
    assert.ok(row, stats.join('\n'));
    assert.ok(Number(row[1]) > 0, 'memory usage is zero');
    assert.equal(row[3], INIT ? '2' : '1');
    assert.match(ok(['stats', '--no-stream', '--format', '{{.Name}}: {{.MemPerc}}']), /^big: \d+\.\d\d%\n$/);

    assert.equal(ok(['update', '-m', '128m', '--pids-limit', '80', 'big']), 'big\n');
    const pid = Number(ok(['inspect', '-f', '{{.State.Pid}}', 'big']).trim());
    assert.equal(hostCgroupFile(pid, 'memory', 'memory.limit_in_bytes'), String(128 << 20));
    assert.equal(hostCgroupFile(pid, 'pids', 'pids.max'), '80');
    assert.equal(ok(['inspect', '-f', '{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}', 'big']), `${128 << 20} 80\n`);
    const tooBig = nerdts(['update', '-m', '1g', 'big']);
    assert.equal(tooBig.status, 1);
    assert.match(tooBig.stderr, /update the memoryswap at the same time/);
    ok(['update', '--restart', 'always', 'big']);
    assert.equal(ok(['inspect', '-f', '{{.HostConfig.RestartPolicy.Name}}', 'big']), 'always\n');
    ok(['update', '--restart', 'no', 'big']);
  });

  test('--init without the init binary is a clear error; top needs a running container', () => {
    const missing = nerdts(['create', '--network', 'none', '--init', '--init-binary', 'no-such-init-binary', BUSYBOX]);
    assert.equal(missing.status, 125);
    assert.match(missing.stderr, /init binary "no-such-init-binary" not found/);
    ok(['create', '-q', '--network', 'none', '--name', 'idle', BUSYBOX, 'true']);
    const top = nerdts(['top', 'idle']);
    assert.equal(top.status, 1);
    assert.match(top.stderr, /is not running/);
  });
});
