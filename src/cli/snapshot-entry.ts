// dist/snapshot.js, built into dist/nerdts.blob with `node --build-snapshot`: the CLI plus the chunks
// of the hottest commands, already compiled and warmed up, so a command skips Node's module loading
// and most of V8's compilation (see docs/performance.md). Only used through bin/nerdts, which falls
// back to dist/nerdts.js when the blob does not fit this node binary.
import { writeSync } from 'node:fs';
import { startupSnapshot } from 'node:v8';
import * as containerListChunk from '../container/chunk-list';
import * as imageChunk from '../image/chunk';
import * as systemChunk from '../system/chunk';
import { preloadChunk } from './chunks';
import { runCli } from './main';
import { warmUp } from './warm-up';

preloadChunk('image', imageChunk);
preloadChunk('system', systemChunk);
preloadChunk('container-list', containerListChunk);
warmUp().catch((err: unknown) => {
  // a broken warm-up only costs speed; say so in the build log
  writeSync(2, `snapshot warm-up failed: ${String(err)}\n`);
});
startupSnapshot.setDeserializeMainFunction(() => {
  void runCli(process.argv.slice(1));
});
