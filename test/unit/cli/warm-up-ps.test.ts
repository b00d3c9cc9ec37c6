import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preloadChunk } from '../../../src/cli/chunks';
import { warmUpPs } from '../../../src/cli/warm-up-ps';
import * as containerListChunk from '../../../src/container/chunk-list';

// The snapshot build ignores a failing warm-up (it only costs speed), so this is where a broken one shows.
test('the ps warm-up runs end to end, through dispatch and a unix socket, and leaves nothing behind', async () => {
  preloadChunk('container-list', containerListChunk);
  await warmUpPs();
  assert.equal(existsSync(join(tmpdir(), `nerdts-warm-up-${process.pid}.sock`)), false);
});
