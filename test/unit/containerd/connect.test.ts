import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONNECT_HINT } from '../../../src/containerd/errors';
import { DEFAULT_ADDRESS, connectContainerd, socketPath } from '../../../src/containerd/client';
import type { ConnectFn } from '../../../src/containerd/client';
import type { AutostartEffects } from '../../../src/containerd/autostart';
import type { CallOptions, Channel } from '../../../src/containerd/transport/channel';
import { VersionResponse } from '../../../src/containerd/generated/api/services/version/v1/version';

const enoent = (): Error => Object.assign(new Error(`connect ENOENT ${DEFAULT_ADDRESS}`), { code: 'ENOENT' });

/** A channel that answers Version only and records the metadata of each call. */
function versionChannel(seen: Array<Record<string, string> | undefined>): Channel {
  return {
    unary: async (path: string, _req: Uint8Array, options?: CallOptions) => {
      if (path !== '/containerd.services.version.v1.Version/Version') throw new Error(`unexpected ${path}`);
      seen.push(options?.metadata);
      return VersionResponse.encode({ version: '1.6.20', revision: 'x' }).finish();
    },
    serverStream: () => { throw new Error('unexpected stream'); },
    stream: () => { throw new Error('unexpected stream'); },
    close: () => {},
  };
}

/** Connect attempts answer from the list, in order; running past it fails. */
function connects(results: Array<Error | Channel>): { connect: ConnectFn; paths: string[] } {
  const paths: string[] = [];
  const connect: ConnectFn = async (path) => {
    paths.push(path);
    const r = results.shift();
    if (r === undefined) throw new Error('unexpected connect');
    if (r instanceof Error) throw r;
    return r;
  };
  return { connect, paths };
}

function strictEffects(log: string[], probeAnswers: boolean[]): AutostartEffects {
  return {
    findBinary: (name) => { log.push(`find ${name}`); return `/usr/bin/${name}`; },
    spawnDetached: (cmd, args) => { log.push(`spawn ${[cmd, ...args].join(' ')}`); return { pid: 7, exited: () => false }; },
    probe: async () => {
      const v = probeAnswers.shift();
      if (v === undefined) throw new Error('unexpected probe');
      return v;
    },
    sleep: async () => {},
    log: (line) => { log.push(line); },
  };
}

test('connects and sends the namespace on every call, overridable per call', async () => {
  const seen: Array<Record<string, string> | undefined> = [];
  const { connect, paths } = connects([versionChannel(seen)]);
  const client = await connectContainerd({ address: 'unix:///run/x.sock', namespace: 'ns1', connect });
  assert.deepEqual(paths, ['/run/x.sock']);
  await client.version.get();
  await client.version.get({ namespace: 'other', lease: 'l1' });
  await client.withNamespace('ns2').version.get();
  assert.deepEqual(seen, [
    { 'containerd-namespace': 'ns1' },
    { 'containerd-namespace': 'other', 'containerd-lease': 'l1' },
    { 'containerd-namespace': 'ns2' },
  ]);
  assert.equal(client.version, client.version, 'adapters are created once');
});

test('nothing at the default address: autostart, then connect', async () => {
  const log: string[] = [];
  const { connect } = connects([enoent(), versionChannel([])]);
  const client = await connectContainerd({
    namespace: 'default', connect, autostartEffects: strictEffects(log, [false, true]),
  });
  assert.equal(client.address, DEFAULT_ADDRESS);
  assert.deepEqual(log, ['find containerd', 'spawn /usr/bin/containerd',
    'nerdts: started containerd (pid 7), logs in /var/log/nerdts-containerd.log']);
});

test('no autostart for another address unless asked, nor when turned off', async () => {
  for (const opts of [{ address: '/tmp/other.sock' }, { autostart: false }]) {
    const { connect } = connects([enoent()]);
    await assert.rejects(connectContainerd({ namespace: 'default', connect, autostartEffects: strictEffects([], []), ...opts }), {
      code: 'unavailable',
      message: `cannot connect to containerd at ${opts.address ?? DEFAULT_ADDRESS}: no such socket`,
      hint: CONNECT_HINT,
    });
  }
});

test('explicit autostart for another address passes --address', async () => {
  const log: string[] = [];
  const { connect } = connects([enoent(), versionChannel([])]);
  await connectContainerd({ address: '/tmp/c.sock', autostart: true, namespace: 'x', connect, autostartEffects: strictEffects(log, [true]) });
  assert.equal(log[1], 'spawn /usr/bin/containerd --address /tmp/c.sock');
});

test('permission denied never autostarts', async () => {
  const { connect } = connects([Object.assign(new Error('connect EACCES'), { code: 'EACCES' })]);
  await assert.rejects(connectContainerd({ namespace: 'x', connect, autostartEffects: strictEffects([], []) }),
    { code: 'permission-denied' });
});

test('socketPath accepts paths and unix:// URLs only', () => {
  assert.equal(socketPath('/run/a.sock'), '/run/a.sock');
  assert.equal(socketPath('unix:///run/a.sock'), '/run/a.sock');
  assert.throws(() => socketPath('tcp://1.2.3.4:1'), { code: 'invalid-argument' });
});
