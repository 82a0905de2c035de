// Started by bin/ish-monitor: runs the bundled CLI in dist/ (built by `npm run build`). `--version` is answered here,
// before any module of the CLI loads: scripts and cron call it, and it should cost no more than
// Node's own start-up.
import { readFileSync } from 'node:fs';

// bin/ish-monitor puts `--` before the user's arguments (see there); it is not one of them.
const args = process.argv.slice(process.argv[2] === '--' ? 3 : 2);
process.argv.splice(2, process.argv.length - 2, ...args);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  import('../dist/main.js').catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/main.js')) {
      process.stderr.write('ish-monitor: not built yet: run `npm ci && npm run build` in the project directory\n');
      process.exit(64);
    }
    throw err;
  });
}
