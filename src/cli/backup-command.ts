import { Option, type Command } from 'commander';
import { notImplementedAction } from './runtime.js';

/** `backup`: stream a checksummed archive of the stack's volumes and configuration (built in its own issue). */
export function registerBackup(program: Command, result: { exitCode: number }): void {
  program
    .command('backup')
    .description('write one verified archive of the stack\'s data volumes and configuration, consistent per service (not implemented yet: exits 78)')
    .option('-o, --output <dir>', 'directory to write the archive to', 'backups')
    .option('--services <names>', 'comma-separated services to back up (default: all with data)')
    .addOption(new Option('--compression <kind>', 'archive compression').choices(['gzip', 'zstd', 'none']).default('gzip'))
    .option('--stop', 'stop each service while its volume is copied')
    .action(notImplementedAction('backup', result));
}
