// docker rm: refuses a running container unless forced (then kills it), and removes everything the
// container owns: task, containerd record, snapshot, name, state and hosts directories, and with
// -v its anonymous volumes. Cleanup after the record is gone is best effort: the container no
// longer exists either way.
import { rm } from 'node:fs/promises';
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { Container } from '../containerd/services/containers';
import { TaskStatus } from '../containerd/types';
import { NerdtsError, isNotFound } from '../errors';
import { dataStorePath } from '../store/data-store';
import { NameStore } from '../store/name-store';
import { etcHostsDir, removeDirAsync } from '../store/state-dir';
import { VolumeStore } from '../store/volume-store';
import { LABELS, decodeStringList } from './labels';
import { cniNetworkNames } from '../hook/oci-state';
import { waitLoggerEnd } from './logger-end';
import { attachesEarly, detachEarly } from '../hook/early-attach';
import { findContainer } from './lookup';
import type { NetworkResolver } from './network';
import { cniNetworks } from '../network/resolver';
import { SIGKILL } from './signals';
import { attachSocketPath } from './stdio/paths';
import { isLive, recordError, stateDirOf, taskOf } from './task-state';

export interface RemoveOptions {
  /** -f: kill a running container first. */
  force?: boolean;
  /** -v: also remove the container's anonymous volumes. */
  volumes?: boolean;
  /** Network modes that need releasing (CNI); default none and host. */
  networks?: NetworkResolver;
}

const ignoreNotFound = (err: unknown): void => { if (!isNotFound(err)) throw err; };

async function killForRemoval(client: ContainerdClient, c: Container, status: TaskStatus): Promise<void> {
  const waiter = new AbortController();
  const exited = client.tasks.wait(c.id, '', { signal: waiter.signal });
  exited.catch(() => undefined);
  try {
    await client.tasks.kill(c.id, SIGKILL, { all: true });
    if (status === TaskStatus.PAUSED || status === TaskStatus.PAUSING) await client.tasks.resume(c.id).catch(() => undefined);
    await exited;
  } catch (err) {
    ignoreNotFound(err);
  } finally {
    waiter.abort();
  }
}

/** Removes a container; returns its full ID. */
export async function removeContainer(client: ContainerdClient, globals: GlobalOptions, ref: string,
  options: RemoveOptions = {}): Promise<string> {
  const c = await findContainer(client, ref);
  const name = c.labels[LABELS.name] ?? '';
  const task = await taskOf(client, c.id);
  if (isLive(task) || task?.status === TaskStatus.CREATED) {
    if (!options.force) {
      const paused = task!.status === TaskStatus.PAUSED || task!.status === TaskStatus.PAUSING;
      throw new NerdtsError('conflict', paused
        ? `cannot remove container "/${name || c.id}": container is paused and must be unpaused first`
        : `cannot remove container "/${name || c.id}": container is running: stop the container before removing or force remove`);
    }
    await killForRemoval(client, c, task!.status);
  }
  try {
    // Deleting the task runs the postStop hook (network teardown) for containers that have one;
    // their logger usually does that teardown at the exit, so it is given the time to finish,
    // unless the namespace is pinned: then this process detaches it (whoever is first does it).
    if (task && cniNetworkNames(decodeStringList(c.labels, LABELS.networks)).length > 0) {
      if (attachesEarly(c.labels)) await detachEarly(globals, c.id, c.labels).catch(() => undefined);
      else await waitLoggerEnd(dataStorePath(globals), globals.namespace, c.id);
    }
    if (task) await client.tasks.delete(c.id).catch(ignoreNotFound);
    await client.containers.delete(c.id).catch(ignoreNotFound);
  } catch (err) {
    await recordError(client, c.id, err);
    throw err;
  }
  await cleanup(client, globals, c, name, options);
  return c.id;
}

async function cleanup(client: ContainerdClient, globals: GlobalOptions, c: Container, name: string, options: RemoveOptions): Promise<void> {
  const dataStore = dataStorePath(globals);
  const quiet = async (f: () => unknown): Promise<void> => { try { await f(); } catch { /* best effort */ } };
  if (c.snapshotKey) await quiet(() => client.snapshots.remove(c.snapshotter || globals.snapshotter, c.snapshotKey));
  for (const key of decodeStringList(c.labels, LABELS.imageMountSnapshots)) {
    await quiet(() => client.snapshots.remove(c.snapshotter || globals.snapshotter, key));
  }
  if (name) await quiet(() => new NameStore(dataStore, globals.namespace).release(name, c.id));
  const networks = decodeStringList(c.labels, LABELS.networks);
  const cni = { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath };
  // CNI teardown normally happens in the postStop hook; this is the safety net for a task that never got one.
  await quiet(() => (options.networks ?? cniNetworks)(networks).release({ id: c.id, namespace: globals.namespace, dataStore, labels: c.labels, cni }));
  const stateDir = stateDirOf(c, dataStore, globals.namespace);
  // The attach socket lives outside the state dir; a logger killed outright leaves it behind.
  await Promise.all([removeDirAsync(etcHostsDir(dataStore, globals.namespace, c.id)), removeDirAsync(stateDir),
    rm(attachSocketPath(stateDir), { force: true }).catch(() => undefined)]);
  if (options.volumes) {
    const volumes = new VolumeStore(dataStore, globals.namespace);
    for (const v of decodeStringList(c.labels, LABELS.anonymousVolumes)) await quiet(() => volumes.remove(v));
  }
}
