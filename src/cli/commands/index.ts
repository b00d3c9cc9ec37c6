// Every command of nerdts. A command file is `export default defineCommand({...})`; add one
// import and one list entry here. Command files stay tiny: their work lives in a library chunk.
import type { Command } from '../command';
import completion from './system/completion';
import version from './system/version';
import ociHook from './internal/oci-hook';

export const commands: readonly Command[] = [
  completion,
  version,
  ociHook,
];
