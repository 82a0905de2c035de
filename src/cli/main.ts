import { toolVersion } from '../version.js';

// `--version` answers before anything else is loaded: cron and scripts call it, and it should cost
// no more than Node's own start-up.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${toolVersion}\n`);
} else {
  const { runCli } = await import('./program.js');
  process.exitCode = await runCli(argv);
}
