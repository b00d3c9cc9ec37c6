// Healthchecks and restart-policy decisions run in the container's logger process, so a container
// that needs them gets one even with `--log-driver none`: a logger whose driver is "none" drains
// the output and writes no log (docker still has no logs to show for it).
import { isHealthcheckActive } from './health/config';
import type { HealthConfig } from './health/config';
import { type Logging, loggerUri } from './log-config';
import type { RestartPolicy } from './restart';

export interface MonitorLoggingInput {
  health: HealthConfig | undefined;
  restart: RestartPolicy;
  launcher: string;
  dataStore: string;
  address: string;
}

/** The logging setup, with a draining logger when "none" would leave the monitor without a process. */
export function withMonitorLogger(logging: Logging, input: MonitorLoggingInput): Logging {
  if (logging.uri !== 'none') return logging;
  if (!isHealthcheckActive(input.health) && input.restart.name === 'no') return logging;
  return { uri: loggerUri(input.launcher, input.dataStore), config: { driver: 'none', address: input.address } };
}
