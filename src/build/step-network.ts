// RUN --network=bridge: the step container joins the default bridge network the way a `run`
// container does, through the createRuntime/postStop OCI hooks (which read the nerdctl/*
// annotations), with the host's resolv.conf and a small /etc/hosts. After the step, release()
// frees what postStop left (CNI attachments, the hosts-store entry).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_NETWORK_NAME } from '../../cni/nerdctl-network';
import type { GlobalOptions } from '../config';
import { LABELS } from '../container/labels';
import { networkHooks } from '../container/oci-hooks';
import type { Hook, HookStage } from '../container/spec';
import { ensureDefaultNetwork } from '../network/conflists';
import { bridgeNetwork } from '../network/resolver';
import { ensureDataStore } from '../store/data-store';

/** What the step's spec gets for a bridge attachment, and the release after the task is deleted. */
export interface StepBridge {
  annotations: Record<string, string>;
  hooks: Partial<Record<HookStage, Hook[]>>;
  /** host files bound read-only into the step (resolv.conf, hosts) */
  files: Array<{ destination: string; source: string }>;
  release(): Promise<void>;
}

const HOSTNAME = 'buildkitsandbox';

/** The annotations the hook reads: namespace, the default network, the hostname (pure). */
export function bridgeAnnotations(namespace: string): Record<string, string> {
  return { [LABELS.namespace]: namespace, [LABELS.networks]: JSON.stringify([DEFAULT_NETWORK_NAME]), [LABELS.hostname]: HOSTNAME };
}

/** Prepares a bridge attachment for step container `id` (the default network made on first use). */
export async function bridgeStep(globals: GlobalOptions, id: string, dir: string,
  launcher: string = process.env.NERDTS_SELF || process.argv[1] || 'nerdts'): Promise<StepBridge> {
  await ensureDefaultNetwork(globals.cniNetconfPath, globals.namespace);
  const hosts = join(dir, 'hosts');
  writeFileSync(hosts, `127.0.0.1\tlocalhost ${HOSTNAME}\n::1\tlocalhost ip6-localhost ip6-loopback\n`);
  const annotations = bridgeAnnotations(globals.namespace);
  const cni = { netconfPath: globals.cniNetconfPath, cniPath: globals.cniPath };
  return {
    annotations,
    hooks: networkHooks(launcher, globals, process.env, id),
    files: [{ destination: '/etc/resolv.conf', source: '/etc/resolv.conf' }, { destination: '/etc/hosts', source: hosts }],
    release: () => bridgeNetwork.release({ id, namespace: globals.namespace, dataStore: ensureDataStore(globals), labels: annotations, cni }),
  };
}
