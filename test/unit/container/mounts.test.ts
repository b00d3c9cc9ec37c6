import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMountFlag, parseVolumeFlag } from '../../../src/container/mounts';
import type { MountSpec } from '../../../src/container/mounts';

const base = { readonly: false, mode: '', createHostPath: true, nocopy: false, tmpfsOptions: [] };

describe('-v', () => {
  const cases: Array<{ value: string; want?: Partial<MountSpec>; error?: string | RegExp }> = [
    { value: '/data', want: { ...base, type: 'volume', source: '', destination: '/data' } },
    { value: 'vol:/data', want: { ...base, type: 'volume', source: 'vol', destination: '/data' } },
    { value: 'vol:/data:ro', want: { ...base, type: 'volume', source: 'vol', destination: '/data', readonly: true, mode: 'ro' } },
    { value: 'vol:/data:nocopy', want: { ...base, type: 'volume', source: 'vol', destination: '/data', nocopy: true, mode: 'nocopy' } },
    { value: '/data:ro', want: { ...base, type: 'volume', source: '', destination: '/data', readonly: true, mode: 'ro' } },
    { value: '/host:/ctr', want: { ...base, type: 'bind', source: '/host', destination: '/ctr' } },
    { value: '/host:/ctr:ro,rshared', want: { ...base, type: 'bind', source: '/host', destination: '/ctr', readonly: true, propagation: 'rshared', mode: 'ro,rshared' } },
    { value: './rel:/ctr', want: { ...base, type: 'bind', source: '/work/rel', destination: '/ctr' } },
    { value: 'data', error: /mount path must be absolute/ },
    { value: 'vol:rel', error: /mount path must be absolute/ },
    { value: '/host:/', error: /destination can't be '\/'/ },
    { value: '/host:/ctr:bogus', error: 'invalid mode: bogus' },
    { value: 'vol:/d:rshared', error: 'invalid mode: rshared' },
    { value: 'v!:/d', error: /includes invalid characters for a local volume name/ },
    { value: 'a:b:c:d', error: "invalid volume specification: 'a:b:c:d'" },
    { value: ':/x', error: "invalid volume specification: ':/x'" },
  ];
  for (const c of cases) {
    test(c.value, () => {
      if (c.error) assert.throws(() => parseVolumeFlag(c.value, '/work'), typeof c.error === 'string' ? { message: c.error } : c.error);
      else assert.deepEqual(parseVolumeFlag(c.value, '/work'), c.want);
    });
  }
});

describe('--mount', () => {
  const m = { ...base, createHostPath: false };
  const cases: Array<{ value: string; want?: Partial<MountSpec>; error?: string | RegExp }> = [
    { value: 'type=bind,source=/h,target=/c', want: { ...m, type: 'bind', source: '/h', destination: '/c' } },
    { value: 'type=bind,src=/h,dst=/c,readonly,bind-propagation=rslave', want: { ...m, type: 'bind', source: '/h', destination: '/c', readonly: true, propagation: 'rslave', mode: 'ro' } },
    { value: 'source=vv,target=/c,volume-nocopy', want: { ...m, type: 'volume', source: 'vv', destination: '/c', nocopy: true } },
    { value: 'type=volume,target=/c', want: { ...m, type: 'volume', source: '', destination: '/c' } },
    { value: 'type=tmpfs,destination=/t,tmpfs-size=64m,tmpfs-mode=1770', want: { ...m, type: 'tmpfs', source: '', destination: '/t', tmpfsOptions: ['size=64m', 'mode=1770'] } },
    { value: 'type=bind,target=/c', error: /field Source must not be empty/ },
    { value: 'type=foo,target=/c', error: /invalid mount type/ },
    { value: 'type=volume', error: /target is required/ },
    { value: 'type=volume,target=/c,colour=red', error: "unexpected key 'colour' in 'colour=red'" },
    { value: 'type=bind,source=/h,target=/c,readonly=maybe', error: /invalid value for readonly/ },
  ];
  for (const c of cases) {
    test(c.value, () => {
      if (c.error) assert.throws(() => parseMountFlag(c.value, '/work'), typeof c.error === 'string' ? { message: c.error } : c.error);
      else assert.deepEqual(parseMountFlag(c.value, '/work'), c.want);
    });
  }
});
