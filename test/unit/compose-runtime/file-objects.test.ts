// Secrets and configs on the host: file-based ones as they are, environment/content ones written
// under the project's state dir; their targets; and the error for an unset variable.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileObject, Project, Service } from '../../../compose';
import { fileAccessOf, fileObjectResolver, fileObjectSource, fileObjectTarget } from '../../../src/compose/runtime/file-objects';
import type { FileAccess, FileObjectFs } from '../../../src/compose/runtime/file-objects';
import { serviceCreateOptions } from '../../../src/compose/runtime/service-options';

const project = (secrets: Record<string, FileObject>, configs: Record<string, FileObject>, services: Record<string, Service> = {}): Project => ({
  name: 'p', workingDir: '/w', composeFiles: ['/w/compose.yaml'], services, disabledServices: {}, networks: {}, volumes: {},
  secrets, configs, models: {}, extensions: {}, profiles: [], environment: {}, envFiles: [], warnings: [],
});

function memoryFs(): FileObjectFs & { files: Map<string, string>; dirs: string[]; access: Map<string, FileAccess> } {
  const files = new Map<string, string>();
  const access = new Map<string, FileAccess>();
  const dirs: string[] = [];
  return { files, dirs, access, mkdir: (d) => { dirs.push(d); }, write: (p, c, a) => { files.set(p, c); access.set(p, a); } };
}

const SECRETS: Record<string, FileObject> = {
  file: { name: 'p_file', file: '/w/pw.txt' },
  env: { name: 'p_env', environment: 'TOKEN', content: 't0k' },
  unset: { name: 'p_unset', environment: 'MISSING' },
  empty: { name: 'p_empty', environment: 'EMPTY', content: '' },
  ext: { name: 'ext', external: true },
};
const CONFIGS: Record<string, FileObject> = {
  inline: { name: 'p_inline', content: 'a=1\n' },
};

describe('fileObjectSource', () => {
  const cases: Array<[string, 'secrets' | 'configs', string, string | undefined, string | undefined]> = [
    // name, kind, key, host path, written content
    ['file-based: the file itself, nothing written', 'secrets', 'file', '/w/pw.txt', undefined],
    ['environment: written under the state dir', 'secrets', 'env', '/state/secrets/env', 't0k'],
    ['inline content: written under the state dir', 'configs', 'inline', '/state/configs/inline', 'a=1\n'],
    ['empty content: nothing to mount (docker compose skips it)', 'secrets', 'empty', undefined, undefined],
  ];
  for (const [name, kind, key, path, content] of cases) {
    test(name, () => {
      const fs = memoryFs();
      assert.equal(fileObjectSource(project(SECRETS, CONFIGS), kind, key, '/state', fs), path);
      assert.equal(path === undefined ? undefined : fs.files.get(path), content);
    });
  }
  test('an unset variable is a clear error naming the variable and the secret', () => {
    assert.throws(() => fileObjectSource(project(SECRETS, CONFIGS), 'secrets', 'unset', '/state', memoryFs()),
      { code: 'invalid-argument', message: 'environment variable "MISSING" required by secret "p_unset" is not set' });
  });
  test('external secrets are refused', () => {
    assert.throws(() => fileObjectSource(project(SECRETS, CONFIGS), 'secrets', 'ext', '/state', memoryFs()), { code: 'unimplemented' });
  });
});

describe('fileObjectTarget', () => {
  const cases: Array<['secrets' | 'configs', string, string | undefined, string]> = [
    ['secrets', 'tok', undefined, '/run/secrets/tok'], ['secrets', 'tok', 'other', '/run/secrets/other'], ['secrets', 'tok', '/etc/x', '/etc/x'],
    ['configs', 'cfg', undefined, '/cfg'], ['configs', 'cfg', 'etc/app.conf', '/etc/app.conf'], ['configs', 'cfg', '/app.conf', '/app.conf'],
  ];
  for (const [kind, source, target, want] of cases) test(`${kind} ${source} -> ${target ?? '(default)'}`, () => assert.equal(fileObjectTarget(kind, source, target), want));
});

test('a service mounts environment and content sources read-only like file-based ones', () => {
  const web: Service = { name: 'web', image: 'busybox', secrets: [{ source: 'file' }, { source: 'env', target: 'api' }, { source: 'empty' }],
    configs: [{ source: 'inline', target: '/etc/app.conf' }] };
  const p = project(SECRETS, CONFIGS, { web });
  const fs = memoryFs();
  const o = serviceCreateOptions({ project: p, service: web, name: 'p-web-1', image: 'busybox', labels: {}, networks: [], aliases: [],
    containerOf: (s) => s, fileOf: fileObjectResolver(p, '/state', fs) });
  assert.deepEqual(o.volumes, ['/w/pw.txt:/run/secrets/file:ro', '/state/secrets/env:/run/secrets/api:ro', '/state/configs/inline:/etc/app.conf:ro']);
  assert.deepEqual(fs.dirs, ['/state/secrets', '/state/configs']);
});

test('uid, gid and mode of a reference: applied to the written file, one file per distinct access', () => {
  const api: Service = { name: 'api', image: 'busybox', secrets: [{ source: 'env', uid: '103', gid: '104', mode: 0o440 }] };
  const web: Service = { name: 'web', image: 'busybox', secrets: [{ source: 'env' }, { source: 'file', uid: '1', mode: 0o400 }] };
  const p = project(SECRETS, CONFIGS, { api, web });
  const fs = memoryFs();
  const mount = (s: Service): string[] | undefined => serviceCreateOptions({ project: p, service: s, name: `p-${s.name}-1`, image: 'busybox', labels: {},
    networks: [], aliases: [], containerOf: (x) => x, fileOf: fileObjectResolver(p, '/state', fs) }).volumes;
  assert.deepEqual(mount(api), ['/state/secrets/env.103-104-440:/run/secrets/env:ro']);
  assert.deepEqual(mount(web), ['/state/secrets/env:/run/secrets/env:ro', '/w/pw.txt:/run/secrets/file:ro']);
  assert.deepEqual(fs.access.get('/state/secrets/env.103-104-440'), { uid: 103, gid: 104, mode: 0o440 });
  assert.deepEqual(fs.access.get('/state/secrets/env'), { uid: 0, gid: 0, mode: 0o444 });
  assert.equal(fs.files.get('/state/secrets/env.103-104-440'), 't0k');
  assert.throws(() => fileAccessOf({ uid: 'root' }), { message: 'invalid uid "root": expected a number' });
});
