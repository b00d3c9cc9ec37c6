import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesVolume, parseVolumeFilters } from '../../../src/volume/filters';

describe('volume ls filters', () => {
  const vol = { name: 'web-data', labels: { team: 'web', tier: '' }, inUse: false };
  const cases: Array<[string[], boolean]> = [
    [[], true],
    [['name=data'], true],
    [['name=nope'], false],
    [['name=nope', 'name=web'], true],
    [['label=team'], true],
    [['label=team=web'], true],
    [['label=team=db'], false],
    [['label!=team=db'], true],
    [['label=tier='], true],
    [['dangling=true'], true],
    [['dangling=false'], false],
    [['driver=local'], true],
    [['driver=nfs'], false],
    [['label=team=web', 'name=x'], false],
  ];
  for (const [filters, want] of cases) {
    test(`${filters.join(' ') || '(none)'} -> ${want}`, () => {
      assert.equal(matchesVolume(vol, parseVolumeFilters(filters)), want);
    });
  }
  test('in-use volumes are not dangling', () => {
    assert.equal(matchesVolume({ ...vol, inUse: true }, parseVolumeFilters(['dangling=1'])), false);
  });
  test('unknown keys and bad values are errors', () => {
    assert.throws(() => parseVolumeFilters(['color=red']), /invalid filter 'color'/);
    assert.throws(() => parseVolumeFilters(['dangling=maybe']), /invalid filter 'dangling=maybe'/);
    assert.throws(() => parseVolumeFilters(['name']), /bad format of filter/);
  });
});
