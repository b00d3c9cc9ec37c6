import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { failureReport, redraw, renderTty, ttyBuildProgress } from '../../../src/build/progress-tty';
import type { TtyStep } from '../../../src/build/progress-tty';

const step = (o: Partial<TtyStep> & { name: string }): TtyStep => ({ start: 0, cached: false, lines: [], partial: '', ...o });

describe('renderTty', () => {
  test('header counts finished steps; times flush right; running steps show recent output', () => {
    const lines = renderTty([
      step({ name: '[1/3] FROM busybox', cached: true, end: 0 }),
      step({ name: '[2/3] RUN make', start: 100, end: 1300 }),
      step({ name: '[3/3] RUN test', start: 1300, lines: ['a', 'b'], partial: 'c' }),
    ], 0, 2000, 40, 24, false);
    assert.deepEqual(lines, [
      '[+] Building 2.0s (2/3)',
      ` => CACHED [1/3] FROM busybox`.padEnd(35) + ' 0.0s',
      ` => [2/3] RUN make`.padEnd(35) + ' 1.2s',
      ` => [3/3] RUN test`.padEnd(35) + ' 0.7s',
      ' => => # a', ' => => # b', ' => => # c',
    ]);
    for (const l of lines.slice(1, 4)) assert.equal(l.length, 40);
  });

  test('final frame: FINISHED, no output; errors marked; long names cut to the width', () => {
    const lines = renderTty([
      step({ name: 'x'.repeat(100), end: 500 }),
      step({ name: '[2/2] RUN false', end: 600, error: 'exit 1', lines: ['boom'] }),
    ], 0, 1000, 40, 24, true);
    assert.equal(lines[0], '[+] Building 1.0s (2/2) FINISHED');
    assert.equal(lines[1], ` => ${'x'.repeat(31)} 0.5s`);
    assert.match(lines[2]!, /^ => ERROR \[2\/2\] RUN false +0\.6s$/);
    assert.equal(lines.length, 3);
  });

  test('only the last rows fit; control characters and \\r-overwritten text dropped', () => {
    const steps = Array.from({ length: 10 }, (_, i) => step({ name: `s${i}`, end: 0 }));
    steps.push(step({ name: 'run', lines: ['50%\r100%\x1b[0m'] }));
    const lines = renderTty(steps, 0, 0, 40, 6, false);
    assert.equal(lines.length, 5);
    assert.equal(lines.at(-1), ' => => # 100%[0m');
  });
});

describe('redraw', () => {
  test('first frame plain; later frames move up over the previous one and erase the rest', () => {
    assert.equal(redraw(0, ['a', 'b']), 'a\x1b[K\nb\x1b[K\n\x1b[J');
    assert.equal(redraw(2, ['c']), '\x1b[2A\rc\x1b[K\n\x1b[J');
  });
});

describe('ttyBuildProgress', () => {
  test('redraws on ticks, draws the final frame and a failed step\'s output on close', () => {
    let clock = 0;
    let tick = (): void => {};
    let stopped = false;
    const out: string[] = [];
    const p = ttyBuildProgress({
      write: (t) => out.push(t), now: () => clock, columns: 40, rows: 24,
      every: (ms, fn) => { assert.equal(ms, 100); tick = fn; return () => { stopped = true; }; },
    });
    const a = p.vertex('[1/2] FROM b');
    a.cached();
    const b = p.vertex('[2/2] RUN x');
    clock = 300;
    b.log('line one\nline two\n');
    tick();
    assert.equal(out.length, 1);
    assert.match(out[0]!, /Building 0\.3s \(1\/2\)/);
    assert.match(out[0]!, / => => # line two/);
    b.error('exit 1');
    p.warn('careful');
    assert.equal(b.output(), 'line one\nline two\n');
    p.close();
    assert.ok(stopped);
    assert.match(out[1]!, /^\x1b\[5A\r\[\+\] Building 0\.3s \(2\/2\) FINISHED/);
    assert.doesNotMatch(out[1]!, /line one/);
    assert.equal(out[2], '------\n > [2/2] RUN x:\nline one\nline two\n------\n');
    assert.equal(out[3], 'WARNING: careful\n');
    p.close();
    assert.equal(out.length, 4);
  });

  test('failureReport keeps the last 20 lines', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `l${i}`);
    assert.equal(failureReport(step({ name: 'n', lines })).split('\n').length, 24);
  });
});
