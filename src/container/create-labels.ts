// The labels of a new container, in containerd's precedence: the image config's labels, then the
// user's (-l, --label-file, callers' extra labels), then nerdctl's internal ones, which win.
import { formatPlatform } from '../image/platform';
import { LABELS, encodeMounts } from './labels';
import type { MountPoint } from './labels';
import type { EnsuredImage } from './image';
import type { Logging } from './log-config';
import { loggingLabels } from './log-config';
import type { NetworkContribution } from './network';
import type { RestartPolicy } from './restart';
import { restartLabels } from './restart';

export interface LabelsInput {
  id: string;
  name: string;
  namespace: string;
  stateDir: string;
  image: EnsuredImage;
  user: Record<string, string>;
  restart: RestartPolicy;
  logging: Logging;
  network: NetworkContribution;
  mountPoints: readonly MountPoint[];
  anonymousVolumes: readonly string[];
  stopSignal: string;
  stopTimeout?: number;
  /** -u, else the image's User. */
  processUser?: string;
  autoRemove: boolean;
  privileged: boolean;
  pidFile?: string;
}

/** Every label of the new container. */
export function containerLabels(input: LabelsInput): Record<string, string> {
  const config = input.image.config.config ?? {};
  const out: Record<string, string> = { ...(config.Labels ?? {}), ...input.user };
  Object.assign(out, {
    [LABELS.namespace]: input.namespace,
    [LABELS.name]: input.name,
    [LABELS.stateDir]: input.stateDir,
    [LABELS.platform]: formatPlatform(input.image.platform),
    [LABELS.autoRemove]: String(input.autoRemove),
    [LABELS.hostConfig]: JSON.stringify({ BlkioWeight: 0, CidFile: '', Devices: null }),
    [LABELS.stopSignal]: input.stopSignal,
  }, input.network.labels, loggingLabels(input.logging), restartLabels(input.restart, input.logging.uri), encodeMounts(input.mountPoints));
  if (input.stopTimeout !== undefined) out[LABELS.stopTimeout] = String(input.stopTimeout);
  if (input.anonymousVolumes.length) out[LABELS.anonymousVolumes] = JSON.stringify(input.anonymousVolumes);
  if (input.processUser) out[LABELS.user] = input.processUser;
  if (input.privileged) out[LABELS.privileged] = 'true';
  if (input.pidFile) out[LABELS.pidFile] = input.pidFile;
  if (config.ExposedPorts && Object.keys(config.ExposedPorts).length) out[LABELS.exposedPorts] = JSON.stringify(config.ExposedPorts);
  return out;
}
