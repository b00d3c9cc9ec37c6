// dist/chunks/logger.js: the per-container log driver's own entry. bin/nerdts sends
// `nerdts _NERDCTL_INTERNAL_LOGGING <dataStore>` here: no CLI to compile, only the logger, which
// containerd's shim waits for before it creates every task. It sits in dist/chunks/ because the
// logger loads its sibling chunks (hook, container-monitor) from its own directory.
import { runLogger } from './chunk';

runLogger(process.argv.slice(2), process.env).then(() => process.exit(0), (err: unknown) => {
  try { process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`); } catch { /* no stderr */ }
  process.exit(1);
});
