// Secrets and configs from `environment:` and `content:`: what the loader keeps, and what
// `compose config` prints (compose-go: secret content never; config content unless from environment).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileObject } from '../../../compose/index';
import { renderProject } from '../../../compose/index';
import { load, loadError } from './helpers';

const USE = 'services:\n  web:\n    image: x\n    secrets: [s]\n    configs: [c]\n';

interface Case {
  name: string;
  top: string;
  env?: Record<string, string>;
  files?: Record<string, string>;
  secret: FileObject;
  config: FileObject;
}

const CASES: Case[] = [
  {
    name: 'environment sources resolved from the shell',
    top: 'secrets:\n  s:\n    environment: TOKEN\nconfigs:\n  c:\n    environment: CFG\n',
    env: { TOKEN: 't0k', CFG: 'cfg-value' },
    secret: { name: 'project_s', environment: 'TOKEN', content: 't0k' },
    config: { name: 'project_c', environment: 'CFG', content: 'cfg-value' },
  },
  {
    name: 'environment sources resolved from .env',
    top: 'secrets:\n  s:\n    environment: TOKEN\nconfigs:\n  c:\n    environment: CFG\n',
    files: { '/project/.env': 'TOKEN=from-dotenv\nCFG=also\n' },
    secret: { name: 'project_s', environment: 'TOKEN', content: 'from-dotenv' },
    config: { name: 'project_c', environment: 'CFG', content: 'also' },
  },
  {
    name: 'unset variables leave the content unset (the runtime refuses)',
    top: 'secrets:\n  s:\n    environment: NOPE\nconfigs:\n  c:\n    environment: NOPE2\n',
    secret: { name: 'project_s', environment: 'NOPE' },
    config: { name: 'project_c', environment: 'NOPE2' },
  },
  {
    name: 'inline content is interpolated, $$ escapes',
    top: 'secrets:\n  s:\n    file: ./s.txt\nconfigs:\n  c:\n    content: |\n      port=${PORT:-80}\n      cost=$$5\n',
    env: { PORT: '8080' },
    secret: { name: 'project_s', file: '/project/s.txt' },
    config: { name: 'project_c', content: 'port=8080\ncost=$5\n' },
  },
  {
    name: 'explicit names are kept',
    top: 'secrets:\n  s:\n    name: my-secret\n    environment: T\nconfigs:\n  c:\n    name: my-config\n    content: x\n',
    env: { T: 'v' },
    secret: { name: 'my-secret', environment: 'T', content: 'v' },
    config: { name: 'my-config', content: 'x' },
  },
];

describe('secrets and configs from environment and content', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const p = load(USE + c.top, { ...(c.env && { env: c.env }), ...(c.files && { files: c.files }) });
      assert.deepEqual(p.secrets.s, c.secret);
      assert.deepEqual(p.configs.c, c.config);
    });
  }
});

const ERRORS: Array<[string, string, RegExp]> = [
  ['secret with file and environment', 'secrets:\n  s:\n    file: ./a\n    environment: A\nconfigs:\n  c:\n    content: x\n', /secrets\.s: file\|environment attributes are mutually exclusive/],
  ['config with content and environment', 'secrets:\n  s:\n    file: ./a\nconfigs:\n  c:\n    content: x\n    environment: A\n', /configs\.c: file\|environment\|content attributes are mutually exclusive/],
  ['secret with content (configs only)', 'secrets:\n  s:\n    content: x\nconfigs:\n  c:\n    content: x\n', /secrets\.s\.content: unknown key/],
];

describe('invalid secret and config sources', () => {
  for (const [name, top, pattern] of ERRORS) {
    test(name, () => {
      assert.match(loadError(USE + top).message, pattern);
    });
  }
});

test('compose config prints sources, never secret content, config content only when inline', () => {
  const p = load(USE + 'secrets:\n  s:\n    environment: TOKEN\nconfigs:\n  c:\n    content: hello\n  e:\n    environment: CFG\n',
    { env: { TOKEN: 'secret-value', CFG: 'env-value' } });
  const yaml = renderProject(p, 'yaml');
  assert.doesNotMatch(yaml, /secret-value|env-value/);
  assert.match(yaml, /secrets:\n {2}s:\n {4}name: project_s\n {4}environment: TOKEN\n/);
  assert.match(yaml, /configs:\n {2}c:\n {4}name: project_c\n {4}content: hello\n/);
  const json = JSON.parse(renderProject(p, 'json')) as { secrets: Record<string, unknown>; configs: Record<string, unknown> };
  assert.deepEqual(json.secrets, { s: { name: 'project_s', environment: 'TOKEN' } });
  assert.deepEqual(json.configs.c, { name: 'project_c', content: 'hello' });
});
