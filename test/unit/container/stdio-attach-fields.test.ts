import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachFields } from '../../../src/container/stdio/config';

test('attachFields: docker\'s Config.Attach*, OpenStdin and StdinOnce for create, run and run -d', () => {
  const cases: Array<[string, Parameters<typeof attachFields>[0], [boolean, boolean, boolean, boolean, boolean]]> = [
    ['create -i / run -i', { interactive: true, tty: false }, [true, true, true, true, true]],
    ['create / run', { interactive: false, tty: false }, [false, true, true, false, false]],
    ['run -d -i', { interactive: true, tty: true, detached: true }, [false, false, false, true, false]],
    ['run -d', { interactive: false, tty: false, detached: true }, [false, false, false, false, false]],
    ['no stdio.json', undefined, [false, false, false, false, false]],
  ];
  for (const [name, config, want] of cases) {
    const f = attachFields(config);
    assert.deepEqual([f.AttachStdin, f.AttachStdout, f.AttachStderr, f.OpenStdin, f.StdinOnce], want, name);
  }
});
