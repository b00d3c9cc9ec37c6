// --network container:<name|id>: the new container joins the running target's network namespace
// (/proc/<pid>/ns/net) and uses its hostname, /etc/hosts and /etc/resolv.conf, as nerdctl does.
// The target is found through the data store (name entries, state dirs) and the shim's init.pid,
// so create needs no containerd round trip here.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NerdtsError, invalidArgument } from '../errors';
import { LABELS } from '../container/labels';
import type { NetworkRequest, NetworkSetup } from '../container/network';
import { withNetworkMode } from '../container/spec';
import { containerStateDir, etcHostsDir } from '../store/state-dir';

/** containerd's runtime v2 state root; the shim writes each task's init.pid in its bundle there. */
export const TASK_STATE_ROOT = '/run/containerd/io.containerd.runtime.v2.task';

const read = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };

/** The target's full ID: a name entry, a full ID, else a unique ID prefix among the state dirs. */
export function findTargetId(dataStore: string, namespace: string, ref: string): string {
  const byName = read(join(dataStore, 'names', namespace, ref))?.trim();
  if (byName) return byName;
  let ids: string[] = [];
  try { ids = readdirSync(join(dataStore, 'containers', namespace)); } catch { /* none */ }
  if (ids.includes(ref)) return ref;
  const matches = /^[0-9a-f]+$/.test(ref) ? ids.filter((id) => id.startsWith(ref)) : [];
  if (matches.length > 1) throw invalidArgument(`multiple IDs found with provided prefix: ${ref}`);
  if (matches.length === 0) throw new NerdtsError('not-found', `No such container: ${ref}`);
  return matches[0]!;
}

/** The pid of the target's running init process; docker's error when it does not run. */
export function runningPid(namespace: string, id: string, taskRoot: string = TASK_STATE_ROOT): number {
  const pid = Number(read(join(taskRoot, namespace, id, 'init.pid'))?.trim());
  if (!Number.isInteger(pid) || pid <= 0 || !existsSync(`/proc/${pid}/ns/net`)) {
    throw new NerdtsError('failed-precondition', `cannot join network of a non running container: ${id}`);
  }
  return pid;
}

const BIND = ['bind', 'rprivate'];

function refuseOwnNetworkOptions(req: NetworkRequest): void {
  const given = [
    req.hostname && '--hostname', req.dns?.length && '--dns', req.dnsSearch?.length && '--dns-search',
    req.dnsOptions?.length && '--dns-option', req.addHosts?.length && '--add-host', req.ip && '--ip',
    req.macAddress && '--mac-address', req.networkAliases?.length && '--network-alias',
  ].filter((f): f is string => Boolean(f));
  if (given.length) throw invalidArgument(`conflicting options: ${given[0]} and the network mode container:<name>`);
}

/** container:<ref>: join the target's netns and reuse its network files. */
export function containerNetwork(ref: string): NetworkSetup {
  return {
    async prepare(req) {
      if (ref === '') throw invalidArgument('invalid network mode container:: no container given');
      refuseOwnNetworkOptions(req);
      const id = findTargetId(req.dataStore, req.namespace, ref);
      if (id === req.id) throw invalidArgument('cannot join own network namespace');
      const pid = runningPid(req.namespace, id);
      const stateDir = containerStateDir(req.dataStore, req.namespace, id);
      const hostname = read(join(stateDir, 'hostname'))?.trim() || id.slice(0, 12);
      return {
        hostname,
        labels: {
          [LABELS.hostname]: hostname, [LABELS.domainname]: '', [LABELS.networks]: JSON.stringify([`container:${id}`]),
          [LABELS.extraHosts]: '[]',
        },
        mounts: [
          { destination: '/etc/resolv.conf', type: 'bind', source: join(stateDir, 'resolv.conf'), options: BIND, optional: true },
          { destination: '/etc/hosts', type: 'bind', source: join(etcHostsDir(req.dataStore, req.namespace, id), 'hosts'), options: BIND, optional: true },
          { destination: '/etc/hostname', type: 'bind', source: join(stateDir, 'hostname'), options: BIND, optional: true },
        ],
        mutate: (spec) => withNetworkMode(spec, `container:/proc/${pid}/ns/net`),
        needsHooks: false,
      };
    },
    // The files belong to the target; nothing of ours to free.
    async release() { /* nothing */ },
  };
}
