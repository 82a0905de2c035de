// Started by bin/ish-monitor: runs the built CLI in dist/ (built by `npm run build`). `--version` is
// answered here, before any module of the CLI loads: scripts and cron call it, and it should cost no
// more than Node's own start-up. CommonJS, as dist/entry.cjs: Node's ES module loader starts only
// for the commands that need it (see src/cli/entry.ts).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// bin/ish-monitor puts `--` before the user's arguments (see there); it is not one of them.
const args = process.argv.slice(process.argv[2] === '--' ? 3 : 2);
process.argv.splice(2, process.argv.length - 2, ...args);
const entry = join(__dirname, '..', 'dist', 'entry.cjs');
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else if (!existsSync(entry)) {
  process.stderr.write('ish-monitor: not built yet: run `npm ci && npm run build` in the project directory\n');
  process.exit(64);
} else {
  require(entry);
}
