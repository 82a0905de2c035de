import type { Command } from 'commander';
import { notImplementedAction } from './runtime.js';

/** `cleanup`: remove the stack's containers and network, optionally its volumes (built in its own issue). */
export function registerCleanup(program: Command, result: { exitCode: number }): void {
  program
    .command('cleanup')
    .description('remove the stack\'s containers and network (only resources carrying the project\'s labels); never touches backups (not implemented yet: exits 78)')
    .option('--volumes', 'also remove the data volumes (asks first on a terminal; needs --yes otherwise)')
    .option('--images', 'also remove the stack\'s images')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(notImplementedAction('cleanup', result));
}
