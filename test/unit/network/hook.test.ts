// The hook entry: unknown events, containers without CNI networks, and failures logged to
// <state-dir>/oci-hook.<event>.log.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveGlobals } from '../../../src/config';
import { runOciHook } from '../../../src/hook/chunk';

const ID = 'ef'.repeat(32);

describe('runOciHook', () => {
  test('events, no-op modes and logged failures', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'nerdts-hook-unit-'));
    try {
      const globals = resolveGlobals({ dataRoot: join(tmp, 'root'), cniNetconfpath: join(tmp, 'net.d'), cniPath: '/nonexistent' }, {}, () => undefined);
      const state = (networks: string[], pid: number): string => JSON.stringify({
        id: ID, pid, bundle: '', annotations: { 'nerdctl/networks': JSON.stringify(networks), 'nerdctl/state-dir': tmp },
      });
      await assert.rejects(runOciHook('prestart', globals, state(['bridge'], 1)), /unexpected OCI hook event "prestart"/);
      await runOciHook('createRuntime', globals, state(['none'], 1));
      await runOciHook('postStop', globals, state(['host'], 0));
      await assert.rejects(runOciHook('createRuntime', globals, state(['bridge'], 0)), /no pid/);
      assert.match(readFileSync(join(tmp, 'oci-hook.createRuntime.log'), 'utf8'), /^time="[^"]+" level=error msg=".*no pid.*"\n$/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
