import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAdditionalGroups, resolveUser, withUser } from '../../../../src/container/spec/user';
import { assertInvalid, baseSpec } from './helpers';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'app:x:1000:1000:app:/home/app:/bin/sh',
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
  '',
].join('\n');
const GROUP = ['root:x:0:', 'wheel:x:10:root', 'staff:x:50:app,daemon', 'app:x:1000:', 'docker:x:999:app', 'nogroup:x:65534:', ''].join('\n');

describe('resolveUser', () => {
  const cases: Array<{ spec: string; want: [number, number, number[]] }> = [
    { spec: '', want: [0, 0, [10]] },
    { spec: 'root', want: [0, 0, [10]] },
    { spec: 'app', want: [1000, 1000, [50, 999]] },
    { spec: '1000', want: [1000, 1000, [50, 999]] },
    { spec: 'app:staff', want: [1000, 50, []] },
    { spec: 'app:50', want: [1000, 50, []] },
    { spec: '1000:4242', want: [1000, 4242, []] },
    { spec: '4242', want: [4242, 0, []] },
    { spec: '4242:4343', want: [4242, 4343, []] },
    { spec: 'nobody:nogroup', want: [65534, 65534, []] },
  ];
  for (const c of cases) {
    test(`-u ${JSON.stringify(c.spec)}`, () => {
      const u = resolveUser(c.spec, PASSWD, GROUP);
      assert.deepEqual([u.uid, u.gid, u.sgids], c.want);
    });
  }
  test('home comes from passwd', () => assert.equal(resolveUser('app', PASSWD, GROUP).home, '/home/app'));
  test('unknown names fail with docker wording', () => {
    assertInvalid(() => resolveUser('ghost', PASSWD, GROUP), 'unable to find user ghost: no matching entries in passwd file');
    assertInvalid(() => resolveUser('app:ghosts', PASSWD, GROUP), 'unable to find group ghosts: no matching entries in group file');
    assertInvalid(() => resolveUser('99999999999', PASSWD, GROUP), 'uids and gids must be in range 0-2147483647');
  });
  test('without /etc/passwd and /etc/group, numeric ids still work', () => {
    const u = resolveUser('123:456', undefined, undefined);
    assert.deepEqual([u.uid, u.gid, u.sgids], [123, 456, []]);
    assert.deepEqual(resolveUser('', undefined, undefined), { uid: 0, gid: 0, sgids: [], home: '' });
    assertInvalid(() => resolveUser('app', undefined, undefined), /unable to find user app/);
  });
});

describe('--group-add and withUser', () => {
  test('names and ids', () => {
    assert.deepEqual(resolveAdditionalGroups(['docker', '4000', 'wheel'], GROUP), [999, 4000, 10]);
    assertInvalid(() => resolveAdditionalGroups(['nope'], GROUP), 'unable to find group nope: no matching entries in group file');
  });
  test('-u beats the image user; gid first in additionalGids', () => {
    const spec = baseSpec();
    withUser(spec, { user: 'app', imageUser: 'daemon', groupAdd: ['wheel', '4000'], passwd: PASSWD, group: GROUP });
    assert.deepEqual(spec.process.user, { uid: 1000, gid: 1000, additionalGids: [1000, 50, 999, 10, 4000] });
  });
  test('image user applies when -u is empty', () => {
    const spec = baseSpec();
    withUser(spec, { user: '', imageUser: 'daemon', passwd: PASSWD, group: GROUP });
    assert.deepEqual(spec.process.user, { uid: 1, gid: 1, additionalGids: [1, 50] });
  });
  test('root in busybox-like files gets its wheel membership', () => {
    const spec = baseSpec();
    withUser(spec, { passwd: PASSWD, group: GROUP });
    assert.deepEqual(spec.process.user, { uid: 0, gid: 0, additionalGids: [0, 10] });
  });
});
