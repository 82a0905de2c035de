// Entry of dist/status.cjs: `status` alone, in one CommonJS file. Cron runs status every minute;
// loading it as one file instead of ~40 split ES modules (about 1 ms of loader work each) is the
// largest part of its start-up that code can remove. Same parser, options and errors as the full
// program: only the other commands are absent (entry.ts sends every other command line there).
import { runProgram } from './run-program.js';
import { registerStatus } from './status-command.js';
import { exitQuietlyOnEpipe } from './stdout-epipe.js';

exitQuietlyOnEpipe();
void runProgram(process.argv.slice(2), [registerStatus]).then((code) => {
  process.exitCode = code;
});
