// A container always gets a logger process, even with `--log-driver none`: the logger is what
// relays the container's output to a foreground run, `attach` and `start -a` (docker attaches
// whatever the log driver), and where healthchecks and restart decisions run. With "none" it
// writes no log (so `logs` still refuses, as docker's does).
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

/** The logging setup, with a relaying logger (driver "none": nothing written) in place of "none". */
export function withMonitorLogger(logging: Logging, input: MonitorLoggingInput): Logging {
  if (logging.uri !== 'none') return logging;
  return { uri: loggerUri(input.launcher, input.dataStore), config: { driver: 'none', address: input.address } };
}
