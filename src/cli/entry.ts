// dist/nerdts.js: the plain entry, used when no start-up snapshot is available.
import { runCli } from './main';

void runCli(process.argv.slice(2));
