import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { impliesAll, matchesFilters, parseFilters } from '../../../src/container/ps-filters';
import type { FilterCandidate } from '../../../src/container/ps-filters';

const web: FilterCandidate = {
  id: 'abc123' + '0'.repeat(58), name: 'web', labels: { app: 'shop', tier: 'front' }, state: 'running', exitCode: 0,
  createdMs: 2000, image: 'docker.io/library/nginx:latest', volumes: ['v1', '/data'], networks: ['none'],
};
const job: FilterCandidate = { ...web, id: 'def456' + '0'.repeat(58), name: 'job-1', labels: { app: 'batch' }, state: 'exited', exitCode: 3, createdMs: 1000, volumes: [], networks: ['host'] };

describe('ps filters', () => {
  const cases: Array<{ filters: string[]; want: string[] }> = [
    { filters: [], want: ['web', 'job-1'] },
    { filters: ['name=web'], want: ['web'] },
    { filters: ['name=^web$'], want: ['web'] },
    { filters: ['name=^/web$'], want: ['web'] },
    { filters: ['name=b'], want: ['web', 'job-1'] },
    { filters: ['name=web', 'name=job'], want: ['web', 'job-1'] },
    { filters: ['id=abc1'], want: ['web'] },
    { filters: ['label=app'], want: ['web', 'job-1'] },
    { filters: ['label=app=shop'], want: ['web'] },
    { filters: ['label=app', 'label=tier=front'], want: ['web'] },
    { filters: ['label=tier=back'], want: [] },
    { filters: ['status=exited'], want: ['job-1'] },
    { filters: ['status=running', 'status=exited'], want: ['web', 'job-1'] },
    { filters: ['exited=3'], want: ['job-1'] },
    { filters: ['exited=0'], want: [] },
    { filters: ['volume=v1'], want: ['web'] },
    { filters: ['volume=/data'], want: ['web'] },
    { filters: ['network=host'], want: ['job-1'] },
    { filters: ['before=web'], want: ['job-1'] },
    { filters: ['since=job-1'], want: ['web'] },
    { filters: ['ancestor=nginx'], want: ['web', 'job-1'] },
    { filters: ['name=web', 'status=exited'], want: [] },
  ];
  const ctx = {
    createdOf: new Map([['web', 2000], ['job-1', 1000]]),
    ancestors: new Map([['nginx', new Set(['docker.io/library/nginx:latest'])]]),
  };
  for (const c of cases) {
    test(c.filters.join(' ') || '(none)', () => {
      const f = parseFilters(c.filters);
      assert.deepEqual([web, job].filter((x) => matchesFilters(x, f, ctx)).map((x) => x.name), c.want);
    });
  }

  test('docker\'s errors', () => {
    assert.throws(() => parseFilters(['foo=bar']), { message: "invalid filter 'foo'" });
    assert.throws(() => parseFilters(['status=sleeping']), { message: 'Unrecognised filter value for status: sleeping' });
    assert.throws(() => parseFilters(['exited=x']), { message: "invalid filter 'exited=x'" });
    assert.throws(() => parseFilters(['noequals']), /bad format of filter/);
  });

  test('status and exited filters list stopped containers without -a', () => {
    assert.equal(impliesAll(parseFilters(['status=exited'])), true);
    assert.equal(impliesAll(parseFilters(['exited=1'])), true);
    assert.equal(impliesAll(parseFilters(['name=x'])), false);
  });
});
