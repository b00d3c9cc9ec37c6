// Pure parts of the compose runtime: service -> create options, the up plan, the graph scheduler,
// labels and the log multiplexer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Project, Service } from '../../../compose';
import { containerName, dependsOnLabel, serviceContainerLabels } from '../../../src/compose/runtime/labels';
import { LogMux } from '../../../src/compose/runtime/log-mux';
import { orphans, planService } from '../../../src/compose/runtime/plan';
import type { ProjectContainer } from '../../../src/compose/runtime/plan';
import { runGraph } from '../../../src/compose/runtime/scheduler';
import { publishSpec, serviceCreateOptions } from '../../../src/compose/runtime/service-options';
import { projectStatus } from '../../../src/compose/ops/ps';
import { stopGroups } from '../../../src/compose/ops/down';
import { healthArgs } from '../../../src/compose/runtime/conditions';
import type { ProjectEntry } from '../../../src/compose/runtime/project-state';

const project = (services: Record<string, Service>): Project => ({
  name: 'p', workingDir: '/w', composeFiles: ['/w/compose.yaml'], services, disabledServices: {}, networks: {},
  volumes: { data: { name: 'p_data' } }, secrets: { tok: { name: 'p_tok', file: '/w/tok.txt' } }, configs: {}, models: {},
  extensions: {}, profiles: [], environment: {}, envFiles: [], warnings: [],
});

describe('service -> create options', () => {
  const web: Service = {
    name: 'web', image: 'busybox', command: ['httpd', '-f'], entrypoint: [], environment: { A: '1', B: null },
    ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }, { mode: 'ingress', host_ip: '::1', target: 53, protocol: 'udp' }],
    volumes: [{ type: 'volume', source: 'data', target: '/d' }, { type: 'bind', source: '/h', target: '/b', read_only: true, bind: { create_host_path: true } },
      { type: 'tmpfs', target: '/t', tmpfs: { size: 1024 } }],
    stop_grace_period: 1_500_000_000, healthcheck: { test: ['CMD', 'true'], interval: 2_000_000_000, retries: 2 },
    deploy: { resources: { limits: { memory: 67108864, cpus: 0.5 } } }, ulimits: { nofile: { soft: 10, hard: 20 }, nproc: { single: 5 } },
    extra_hosts: { db: ['10.0.0.2'] }, secrets: [{ source: 'tok' }], network_mode: 'service:db', restart: 'always',
  };
  const o = serviceCreateOptions({
    project: project({ web }), service: web, name: 'p-web-1', image: 'docker.io/library/busybox:latest', labels: { x: 'y' },
    networks: ['bridge'], aliases: ['web'], containerOf: (s) => `p-${s}-1`, fileOf: (_k, r) => `/w/${r.source}.txt`,
  });
  const table: Array<[keyof typeof o, unknown]> = [
    ['command', ['httpd', '-f']], ['entrypoint', []], ['env', ['A=1']], ['publish', ['8080:80/tcp', '[::1]::53/udp']],
    ['volumes', ['p_data:/d', '/h:/b:ro', '/w/tok.txt:/run/secrets/tok:ro']], ['tmpfs', ['/t:size=1024']], ['stopTimeout', 2],
    ['health', { test: ['CMD', 'true'], interval: 2000, retries: 2 }], ['resources', { memory: '67108864', cpus: '0.5' }],
    ['ulimits', ['nofile=10:20', 'nproc=5']], ['addHosts', ['db:10.0.0.2']], ['networks', ['container:p-db-1']], ['restart', 'always'],
    ['extraLabels', { x: 'y' }], ['name', 'p-web-1'],
  ];
  for (const [key, want] of table) test(key, () => assert.deepEqual(o[key], want));
  test('network_mode drops aliases', () => assert.equal(o.networkAliases, undefined));
  test('publishSpec without a host port', () => assert.equal(publishSpec({ mode: 'ingress', target: 80, protocol: 'tcp' }), '80/tcp'));
});

describe('labels', () => {
  const s: Service = { name: 'web', depends_on: { db: { condition: 'service_healthy', required: true, restart: true } } };
  test('container name', () => {
    assert.equal(containerName('p', s, 2), 'p-web-2');
    assert.equal(containerName('p', { ...s, container_name: 'x' }, 1), 'x');
  });
  test('depends_on label', () => assert.equal(dependsOnLabel(s), 'db:service_healthy:true'));
  test('container labels', () => {
    const l = serviceContainerLabels(project({ web: s }), { ...s, labels: { 'com.docker.compose.project': 'evil', mine: '1' } }, 1, 'h', 'sha256:i');
    assert.equal(l['com.docker.compose.project'], 'p');
    assert.equal(l['mine'], '1');
    assert.equal(l['com.docker.compose.config-files'], undefined);
    assert.equal(l['com.docker.compose.project.config_files'], '/w/compose.yaml');
    assert.equal(l['com.docker.compose.oneoff'], 'False');
  });
});

const pc = (service: string, number: number, over: Partial<ProjectContainer> = {}): ProjectContainer => ({
  id: `${service}${number}`, name: `p-${service}-${number}`, service, number, hash: 'h', imageDigest: 'i', state: 'running',
  oneoff: false, createdMs: number, labels: {}, ...over,
});

describe('plan', () => {
  const kinds = (a: ReturnType<typeof planService>): string[] => a.map((x) => `${x.kind}${'number' in x ? x.number : 'container' in x ? x.container.number : ''}`);
  const cases: Array<[string, Parameters<typeof planService>, string[]]> = [
    ['new service', [{ name: 'web', replicas: 1, hash: 'h' }, [], 'diverged'], ['create1']],
    ['unchanged running', [{ name: 'web', replicas: 1, hash: 'h', imageDigest: 'i' }, [pc('web', 1)], 'diverged'], ['keep1']],
    ['stopped is started', [{ name: 'web', replicas: 1, hash: 'h' }, [pc('web', 1, { state: 'exited' })], 'diverged'], ['start1']],
    ['changed hash', [{ name: 'web', replicas: 1, hash: 'h2' }, [pc('web', 1)], 'diverged'], ['recreate1']],
    ['changed image', [{ name: 'web', replicas: 1, hash: 'h', imageDigest: 'j' }, [pc('web', 1)], 'diverged'], ['recreate1']],
    ['--no-recreate', [{ name: 'web', replicas: 1, hash: 'h2' }, [pc('web', 1)], 'never'], ['keep1']],
    ['--force-recreate', [{ name: 'web', replicas: 1, hash: 'h' }, [pc('web', 1)], 'force'], ['recreate1']],
    ['scale up', [{ name: 'web', replicas: 3, hash: 'h' }, [pc('web', 1)], 'diverged'], ['keep1', 'create2', 'create3']],
    ['scale down removes highest first', [{ name: 'web', replicas: 1, hash: 'h' }, [pc('web', 1), pc('web', 2), pc('web', 3)], 'diverged'], ['keep1', 'remove3', 'remove2']],
    ['gap reused', [{ name: 'web', replicas: 2, hash: 'h' }, [pc('web', 2)], 'diverged'], ['keep2', 'create1']],
    ['other services ignored', [{ name: 'web', replicas: 1, hash: 'h' }, [pc('db', 1)], 'diverged'], ['create1']],
  ];
  for (const [name, args, want] of cases) test(name, () => assert.deepEqual(kinds(planService(...args)), want));
  test('orphans', () => assert.deepEqual(orphans([pc('web', 1), pc('old', 1), pc('run', 1, { oneoff: true })], new Set(['web'])).map((c) => c.name), ['p-old-1']));
});

describe('scheduler', () => {
  /** A start function that records order and concurrency, finishing when released. */
  function harness() {
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const run = (name: string, fail = false) => async () => {
      running++; peak = Math.max(peak, running); log.push(`start ${name}`);
      await new Promise((r) => setImmediate(r));
      running--; log.push(`end ${name}`);
      if (fail) throw new Error(`${name} broke`);
    };
    return { log, run, peak: () => peak };
  }

  test('dependencies first, independent tasks together', async () => {
    const h = harness();
    const r = await runGraph([
      { name: 'web', needs: [{ name: 'db', required: true }, { name: 'cache', required: true }], run: h.run('web') },
      { name: 'db', needs: [], run: h.run('db') },
      { name: 'cache', needs: [], run: h.run('cache') },
    ]);
    assert.equal(r.failed.size, 0);
    assert.equal(h.peak(), 2);
    assert.ok(h.log.indexOf('start web') > h.log.indexOf('end db') && h.log.indexOf('start web') > h.log.indexOf('end cache'));
  });

  test('the limit bounds parallelism', async () => {
    const h = harness();
    await runGraph(['a', 'b', 'c', 'd'].map((n) => ({ name: n, needs: [], run: h.run(n) })), 2);
    assert.equal(h.peak(), 2);
  });

  test('a gate (condition) runs after the dependency and before the dependent', async () => {
    const h = harness();
    await runGraph([
      { name: 'web', needs: [{ name: 'db', required: true, gate: async () => { h.log.push('gate db'); } }], run: h.run('web') },
      { name: 'db', needs: [], run: h.run('db') },
    ]);
    assert.deepEqual(h.log, ['start db', 'end db', 'gate db', 'start web', 'end web']);
  });

  test('a failed required dependency fails dependents, others go on', async () => {
    const h = harness();
    const r = await runGraph([
      { name: 'web', needs: [{ name: 'db', required: true }], run: h.run('web') },
      { name: 'db', needs: [], run: h.run('db', true) },
      { name: 'other', needs: [], run: h.run('other') },
    ]);
    assert.deepEqual([...r.failed.keys()].sort(), ['db', 'web']);
    assert.equal(r.failed.get('web')!.message, 'dependency failed to start: db broke');
    assert.ok(!h.log.includes('start web') && h.log.includes('end other'));
  });

  test('a failed gate of an optional dependency is a warning', async () => {
    const h = harness();
    const r = await runGraph([
      { name: 'web', needs: [{ name: 'db', required: false, gate: async () => { throw new Error('container db is unhealthy'); } }], run: h.run('web') },
      { name: 'db', needs: [], run: h.run('db') },
    ]);
    assert.equal(r.failed.size, 0);
    assert.ok(h.log.includes('end web'));
    assert.match(r.warnings[0]!, /db.*unhealthy/);
  });
});

describe('output', () => {
  test('log prefixes padded, partial lines held', () => {
    let out = '';
    const mux = new LogMux((t) => { out += t; }, { prefix: true, color: false });
    mux.add('db-1');
    const w = mux.writer('web-1');
    w.write('a\nb');
    w.write('c\n');
    assert.equal(out, 'web-1  | a\nweb-1  | bc\n');
  });
  test('project status', () => assert.equal(projectStatus(['running', 'exited', 'running']), 'exited(1), running(2)'));
});

describe('healthcheck test argv', () => {
  const cases: Array<[string[] | undefined, string[] | undefined]> = [
    [['CMD', 'test', '-f', '/x'], ['test', '-f', '/x']],
    [['CMD-SHELL', 'curl -f localhost || exit 1'], ['/bin/sh', '-c', 'curl -f localhost || exit 1']],
    [['NONE'], undefined],
    [undefined, undefined],
  ];
  for (const [test_, want] of cases) test(JSON.stringify(test_), () => assert.deepEqual(healthArgs(test_), want));
});

describe('down order', () => {
  test('dependents stop first, from the depends_on labels', () => {
    const c = (service: string, deps: string): ProjectEntry => ({ ...pc(service, 1), labels: { 'com.docker.compose.depends_on': deps } } as unknown as ProjectEntry);
    const groups = stopGroups([c('db', ''), c('web', 'api:service_started:false'), c('api', 'db:service_healthy:false')]);
    assert.deepEqual(groups.map((g) => g.map((x) => x.service)), [['web'], ['api'], ['db']]);
  });
});
