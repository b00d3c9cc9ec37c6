// dist/hook.js: the OCI hook's own entry. runc runs `nerdts <globals> internal oci-hook <event>`
// on every container start (and stop), and bin/nerdts sends that command line here: no start-up
// snapshot to deserialize and no CLI, which saves ~15 ms per container start. A command line
// without all five globals goes through the full CLI (dist/nerdts.js), which also reads nerdts.toml.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { hookGlobalsOf } from './hook-args';
import { runOciHook } from './run-hook';

const args = process.argv.slice(2);
const globals = hookGlobalsOf(args);
const at = args.indexOf('oci-hook');
const event = args[at + 1];
if (!globals || at < 1 || args[at - 1] !== 'internal' || event === undefined || at + 2 !== args.length) {
  createRequire(__filename)(join(__dirname, 'nerdts.js')); // dist/nerdts.js runs the CLI on load
} else {
  runOciHook(event, globals).then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
