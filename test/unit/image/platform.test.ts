import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compatiblePlatforms, formatPlatform, hostPlatform, normalizePlatform, parsePlatform, platformMatcher, selectPlatform,
} from '../../../src/image/platform';
import type { Platform } from '../../../src/image/platform';

const amd64Host: Platform = { os: 'linux', architecture: 'amd64' };
const arm64Host: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const armv6Host: Platform = { os: 'linux', architecture: 'arm', variant: 'v6' };

describe('parsePlatform', () => {
  const cases: Array<[string, Platform, string, Platform?]> = [
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['linux/x86_64', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['linux/x86-64', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['Linux/AMD64', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['linux/amd64/v1', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['linux/amd64/v3', { os: 'linux', architecture: 'amd64', variant: 'v3' }, 'linux/amd64/v3'],
    ['linux/arm64', { os: 'linux', architecture: 'arm64' }, 'linux/arm64'],
    ['linux/aarch64', { os: 'linux', architecture: 'arm64' }, 'linux/arm64'],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64/v8'],
    ['linux/arm64/8', { os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64/v8'],
    ['linux/arm', { os: 'linux', architecture: 'arm' }, 'linux/arm'],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm/v7'],
    ['linux/arm/7', { os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm/v7'],
    ['linux/arm/v6', { os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v6'],
    ['linux/arm/5', { os: 'linux', architecture: 'arm', variant: 'v5' }, 'linux/arm/v5'],
    ['linux/armhf', { os: 'linux', architecture: 'arm' }, 'linux/arm'],
    ['linux/armel', { os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v6'],
    ['linux/i386', { os: 'linux', architecture: '386' }, 'linux/386'],
    ['linux/ppc64le', { os: 'linux', architecture: 'ppc64le' }, 'linux/ppc64le'],
    ['linux/s390x', { os: 'linux', architecture: 's390x' }, 'linux/s390x'],
    ['linux/riscv64', { os: 'linux', architecture: 'riscv64' }, 'linux/riscv64'],
    ['macos/arm64', { os: 'darwin', architecture: 'arm64' }, 'darwin/arm64'],
    ['linux', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['linux', { os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v6', armv6Host],
    ['amd64', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['x86_64', { os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    ['aarch64', { os: 'linux', architecture: 'arm64' }, 'linux/arm64'],
    ['arm', { os: 'linux', architecture: 'arm' }, 'linux/arm'],
    ['armel', { os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v6'],
    ['windows(10.0.17763)/amd64', { os: 'windows', 'os.version': '10.0.17763', architecture: 'amd64' }, 'windows/amd64'],
  ];
  for (const [spec, want, formatted, host] of cases) {
    test(`${spec}${host ? ` on ${formatPlatform(host)}` : ''}`, () => {
      const p = parsePlatform(spec, host ?? amd64Host);
      assert.deepEqual(p, want);
      assert.equal(formatPlatform(p), formatted);
    });
  }

  const bad: Array<[string, RegExp]> = [
    ['linux/amd46', /"linux\/amd46": unknown operating system or architecture/],
    ['foo', /"foo": unknown operating system or architecture/],
    ['plan10/amd64', /unknown operating system or architecture/],
    ['linux/*', /wildcards not yet supported/],
    ['linux/amd64/v1/x', /cannot parse platform specifier/],
    ['linux/am d64', /invalid component/],
    ['linux//', /invalid component/],
    ['', /invalid OS component/],
  ];
  for (const [spec, re] of bad) {
    test(`rejects "${spec}"`, () => {
      assert.throws(() => parsePlatform(spec, amd64Host), (err: Error & { code?: string }) => re.test(err.message) && err.code === 'invalid-argument');
    });
  }
});

describe('normalize and host', () => {
  test('normalizePlatform', () => {
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm64', variant: 'v8' }), { os: 'linux', architecture: 'arm64' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm' }), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'aarch64', variant: '9' }), { os: 'linux', architecture: 'arm64', variant: 'v9' });
  });

  test('hostPlatform from Node facts', () => {
    assert.deepEqual(hostPlatform({ platform: 'linux', arch: 'x64' }), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(hostPlatform({ platform: 'linux', arch: 'arm64' }), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(hostPlatform({ platform: 'linux', arch: 'arm', armVersion: '6' }), { os: 'linux', architecture: 'arm', variant: 'v6' });
    assert.deepEqual(hostPlatform({ platform: 'linux', arch: 'ppc64' }), { os: 'linux', architecture: 'ppc64le' });
    assert.deepEqual(hostPlatform({ platform: 'win32', arch: 'x64' }), { os: 'windows', architecture: 'amd64' });
    assert.equal(typeof hostPlatform().architecture, 'string');
  });

  test('compatible platforms, best first', () => {
    const fmt = (p: Platform): string[] => compatiblePlatforms(p).map(formatPlatform);
    assert.deepEqual(fmt(amd64Host), ['linux/amd64', 'linux/386']);
    assert.deepEqual(fmt({ os: 'linux', architecture: 'amd64', variant: 'v3' }), ['linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64', 'linux/386']);
    assert.deepEqual(fmt(arm64Host), ['linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
    assert.deepEqual(fmt({ os: 'linux', architecture: 'arm', variant: 'v7' }), ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
    assert.deepEqual(fmt(armv6Host), ['linux/arm/v6', 'linux/arm/v5']);
  });
});

describe('selectPlatform from an index', () => {
  const entry = (platform: Platform, digest: string): { digest: string; platform: Platform } => ({ digest, platform });
  const index = [
    entry({ os: 'linux', architecture: '386' }, 'i386'),
    entry({ os: 'linux', architecture: 'amd64' }, 'amd64'),
    entry({ os: 'linux', architecture: 'arm', variant: 'v6' }, 'armv6'),
    entry({ os: 'linux', architecture: 'arm', variant: 'v7' }, 'armv7'),
    entry({ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'arm64v8'),
    entry({ os: 'unknown', architecture: 'unknown' }, 'attestation'),
    entry({ os: 'windows', architecture: 'amd64' }, 'win'),
  ];
  const pick = (p: Platform, list = index, osOnly = false): string | undefined =>
    selectPlatform(list, platformMatcher(p, { osOnly }))?.digest;

  test('exact matches win', () => {
    assert.equal(pick(amd64Host), 'amd64');
    assert.equal(pick({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'armv7');
    assert.equal(pick({ os: 'windows', architecture: 'amd64' }), 'win');
  });

  test('arm64 with and without v8 are the same platform', () => {
    assert.equal(pick({ os: 'linux', architecture: 'arm64' }), 'arm64v8');
    const noVariant = [entry({ os: 'linux', architecture: 'arm64' }, 'arm64')];
    assert.equal(pick(arm64Host, noVariant), 'arm64');
  });

  test('fallbacks: arm64 host runs arm/v7, amd64 host runs 386, arm/v7 runs v6', () => {
    const armOnly = index.filter((e) => e.platform.architecture === 'arm');
    assert.equal(pick(arm64Host, armOnly), 'armv7');
    assert.equal(pick(amd64Host, index.filter((e) => e.digest === 'i386')), 'i386');
    assert.equal(pick({ os: 'linux', architecture: 'arm', variant: 'v7' }, armOnly.filter((e) => e.digest === 'armv6')), 'armv6');
    assert.equal(pick(armv6Host, armOnly.filter((e) => e.digest === 'armv7')), undefined);
  });

  test('an entry without variant is arm/v7', () => {
    assert.equal(pick({ os: 'linux', architecture: 'arm', variant: 'v7' }, [entry({ os: 'linux', architecture: 'arm' }, 'arm')]), 'arm');
  });

  test('no match, and os-only matching', () => {
    const s390 = [entry({ os: 'linux', architecture: 's390x' }, 's390x')];
    assert.equal(pick(amd64Host, s390), undefined);
    assert.equal(pick(amd64Host, s390, true), 's390x');
    assert.equal(pick(amd64Host, [...s390, ...index.slice(1, 2)], true), 'amd64');
    assert.equal(pick(amd64Host, [entry({ os: 'windows', architecture: 's390x' }, 'w')], true), undefined);
  });
});
