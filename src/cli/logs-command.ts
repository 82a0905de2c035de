import type { Command } from 'commander';
import { notImplementedAction, positiveInt } from './runtime.js';

/** `logs [SERVICE...]`: stream the services' logs (built in its own issue). */
export function registerLogs(program: Command, result: { exitCode: number }): void {
  program
    .command('logs')
    .argument('[services...]', 'services whose logs to show (default: all)')
    .description('show the services\' logs, each line prefixed with its service (not implemented yet: exits 78)')
    .option('-f, --follow', 'keep following, across restarts of a service')
    .option('-n, --tail <lines>', 'only the last N lines of each service', positiveInt('--tail'))
    .option('--since <time>', 'only lines since an RFC 3339 time or a duration ago (10m, 2h)')
    .option('--until <time>', 'only lines until an RFC 3339 time or a duration ago')
    .option('-t, --timestamps', 'show timestamps')
    .action(notImplementedAction('logs', result));
}
