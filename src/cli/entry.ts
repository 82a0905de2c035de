// The CLI's entry (dist/entry.cjs, started by bin/ish-monitor.cjs): CommonJS, so a status run never
// starts Node's ES module loader. Sends `status` to its own bundle (dist/status.cjs), every other
// command line (and any it cannot tell simply: help, unknown options) to the full program.
import { createRequire } from 'node:module';
import { commandOf } from './route.js';

if (commandOf(process.argv.slice(2)) === 'status') createRequire(import.meta.url)('./status.cjs');
else void import('./main.js');
