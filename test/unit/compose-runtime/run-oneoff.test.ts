// compose run's pure parts: the one-off's name and its create options (overrides, no ports or
// restart policy, oneoff label).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Project, Service } from '../../../compose';
import { oneoffCreateOptions, oneoffName } from '../../../src/compose/ops/run';
import type { ComposeRunOptions } from '../../../src/compose/ops/run';

const web: Service = {
  name: 'web', image: 'busybox', command: ['httpd', '-f'], environment: { A: '1' }, restart: 'always',
  ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
};
const project: Project = {
  name: 'p', workingDir: '/w', composeFiles: ['/w/compose.yaml'], services: { web }, disabledServices: {}, networks: {},
  volumes: {}, secrets: {}, configs: {}, models: {}, extensions: {}, profiles: [], environment: {}, envFiles: [], warnings: [],
};
const base: ComposeRunOptions = {
  project: { files: [], profiles: [], envFiles: [] }, service: 'web', command: [], rm: false, env: [], noDeps: false, tty: false, detach: false,
};
const image = { name: 'docker.io/library/busybox:latest', id: 'sha256:abc' };

describe('compose run one-off', () => {
  test('name is <project>-<service>-run-<hex>', () => {
    assert.equal(oneoffName('p', 'web', () => '0123456789ab'), 'p-web-run-0123456789ab');
    assert.match(oneoffName('p', 'web'), /^p-web-run-[0-9a-f]{12}$/);
  });

  test('keeps the service definition without ports or restart, labelled oneoff', () => {
    const o = oneoffCreateOptions(project, web, image, 'p-web-run-1', base);
    assert.deepEqual(o.command, ['httpd', '-f']);
    assert.deepEqual(o.env, ['A=1']);
    assert.equal(o.publish, undefined);
    assert.equal(o.restart, undefined);
    assert.equal(o.name, 'p-web-run-1');
    assert.equal(o.extraLabels?.['com.docker.compose.oneoff'], 'True');
    assert.equal(o.extraLabels?.['com.docker.compose.service'], 'web');
    assert.equal(o.interactive, true);
    assert.equal(o.autoRemove, false);
  });

  const cases: Array<[string, Partial<ComposeRunOptions>, Record<string, unknown>]> = [
    ['command', { command: ['sh', '-c', 'true'] }, { command: ['sh', '-c', 'true'] }],
    ['-e appends', { env: ['B=2', 'A=3'] }, { env: ['A=1', 'B=2', 'A=3'] }],
    ['--entrypoint', { entrypoint: 'sh' }, { entrypoint: 'sh' }],
    ['-w and -u', { workdir: '/tmp', user: '1000' }, { workdir: '/tmp', user: '1000' }],
    ['--rm', { rm: true }, { autoRemove: true }],
    ['-d is not interactive', { detach: true }, { interactive: false }],
    ['--service-ports keeps the service\'s, -p adds', { servicePorts: true, publish: ['9000:90'] }, { publish: ['8080:80/tcp', '9000:90'] }],
    ['-p alone', { publish: ['9000:90'] }, { publish: ['9000:90'] }],
    ['-v and -l', { volumes: ['/h:/c'], labels: ['k=v'] }, { volumes: ['/h:/c'], labels: ['k=v'] }],
  ];
  for (const [name, flags, want] of cases) {
    test(name, () => {
      const o = oneoffCreateOptions(project, web, image, 'n', { ...base, ...flags }) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(o[k], v, k);
    });
  }
});
