// dist/chunks/logger.js: the log driver's own entry. bin/nerdts sends
// `nerdts _NERDCTL_INTERNAL_LOGGING <dataStore>` here when no log relay takes the container, and
// bin/log-stub.sh starts the relay itself as `logger.js --relay`: no CLI to compile, only the
// logger, which containerd's shim waits for before it creates every task. It sits in dist/chunks/
// because the logger loads its sibling chunks (hook, container-monitor) from its own directory.
import { runLogger } from './chunk';
import { runRelay } from './relay';
import { clearStaleLaunch } from './relay-files';

const fail = (err: unknown): void => {
  try { process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`); } catch { /* no stderr */ }
  process.exit(1);
};

if (process.argv[2] === '--relay') {
  runRelay().then(() => process.exit(0), fail);
} else {
  clearStaleLaunch();
  runLogger(process.argv.slice(2), process.env).then(() => process.exit(0), fail);
}
