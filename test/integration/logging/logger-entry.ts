// Test-only entry, bundled by logger.test.ts the way the real chunk is: runs the logger as the
// containerd shim starts it. The exit code says how it ended (the real CLI always exits 0).
import { runLogger } from '../../../src/logging/chunk';

const CODES = { eof: 0, exited: 10, sigterm: 11 } as const;

runLogger(process.argv, process.env).then((end) => process.exit(CODES[end]), () => process.exit(1));
