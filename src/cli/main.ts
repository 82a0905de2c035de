// Entry of the split ES module build (dist/main.js): everything else loads lazily, per command.
// dist/entry.cjs starts it for every command but status (see entry.ts).
import { exitQuietlyOnEpipe } from './stdout-epipe.js';

exitQuietlyOnEpipe();
const { runCli } = await import('./program.js');
process.exitCode = await runCli(process.argv.slice(2));
