// --restart: docker's policy syntax and errors, the containerd.io/restart.* labels that drive
// containerd's restart monitor, and what the running containerd supports.
import type { ContainerdClient } from '../containerd/client';
import { NerdtsError, invalidArgument } from '../errors';
import { LABELS } from './labels';

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface RestartPolicy {
  name: RestartPolicyName;
  maxRetries: number;
}

const NAMES: readonly string[] = ['no', 'always', 'on-failure', 'unless-stopped'];

/** Parses "always", "on-failure:3", ... with docker's errors; "" and undefined mean "no". */
export function parseRestartPolicy(value: string | undefined): RestartPolicy {
  if (!value) return { name: 'no', maxRetries: 0 };
  const colon = value.indexOf(':');
  const name = colon === -1 ? value : value.slice(0, colon);
  const count = colon === -1 ? '' : value.slice(colon + 1);
  if (colon === 0) throw invalidArgument('invalid restart policy format: no policy provided before colon');
  if (count !== '' && !/^[+-]?\d+$/.test(count)) {
    throw invalidArgument('invalid restart policy format: maximum retry count must be an integer');
  }
  if (!NAMES.includes(name)) {
    throw invalidArgument(`invalid restart policy: unknown policy '${name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  }
  const maxRetries = count === '' ? 0 : Number(count);
  if (maxRetries !== 0 && name !== 'on-failure') {
    throw invalidArgument("invalid restart policy: maximum retry count can only be used with 'on-failure'");
  }
  if (maxRetries < 0) throw invalidArgument('invalid restart policy: maximum retry count cannot be negative');
  return { name: name as RestartPolicyName, maxRetries };
}

/** The policy label value (containerd's Policy.String): "always", "on-failure:3". */
export function formatRestartPolicy(p: RestartPolicy): string {
  return p.maxRetries > 0 ? `${p.name}:${p.maxRetries}` : p.name;
}

/** The policy recorded in labels; "no" when there is none. */
export function restartPolicyFromLabels(labels: Readonly<Record<string, string>>): RestartPolicy {
  try {
    return parseRestartPolicy(labels[LABELS.restartPolicy]);
  } catch {
    return { name: 'no', maxRetries: 0 };
  }
}

/**
 * The labels a new container gets. The status label is set only once the task has started
 * (docker: `create --restart=always` does not start anything), so it is not here.
 */
export function restartLabels(p: RestartPolicy, logUri: string | undefined): Record<string, string> {
  if (p.name === 'no') return {};
  const out: Record<string, string> = { [LABELS.restartPolicy]: formatRestartPolicy(p) };
  if (logUri && logUri !== 'none') out[LABELS.restartLogUri] = logUri;
  return out;
}

/**
 * Checks the policy against containerd's restart monitor. containerd 1.x advertises nothing and
 * restarts every container whose status label says "running": that is "always", and also
 * "unless-stopped" because nerdts clears the status label on an explicit stop.
 */
export async function checkRestartSupport(client: ContainerdClient, p: RestartPolicy): Promise<void> {
  if (p.name === 'no') return;
  const plugins = await client.introspection.plugins(['id==restart']);
  if (plugins.length === 0) {
    throw new NerdtsError('failed-precondition', 'no restart plugin found',
      { hint: 'containerd\'s io.containerd.internal.v1.restart plugin is disabled in its config' });
  }
  const advertised = plugins[0]!.capabilities;
  // on-failure and the restart count are implemented by the container's logger (restart-exit.ts).
  const supported = advertised.length > 0 ? advertised : ['always', 'unless-stopped', 'on-failure'];
  if (!supported.includes(p.name)) {
    throw new NerdtsError('failed-precondition',
      `unsupported restart policy "${p.name}", supported policies are: ${JSON.stringify(supported)}`,
      { hint: 'containerd 2.0 or later supports every policy' });
  }
}
