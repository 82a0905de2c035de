import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { confirm } from './confirm.js';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock } from './runtime.js';
import { trapSignals } from './trap-signals.js';

const stopTimeoutSeconds = 30;

/** `restore FILE`: verified, all-or-nothing restore of data volumes from a backup archive. */
export function registerRestore(program: Command, result: { exitCode: number }): void {
  program
    .command('restore')
    .argument('<file>', 'archive written by `ish-monitor backup`')
    .description('restore data volumes from a backup: read it once, checking every member against its manifest while extracting beside the live data, then stop the affected services, swap the data in (old data kept on failure), start them and wait until ready; deploys the stack where it was never deployed')
    .option('--services <names>', 'comma-separated services whose volumes to restore (default: every volume in the archive)')
    .option('-y, --yes', 'do not ask for confirmation (required when there is no terminal)')
    .option('--wait-timeout <seconds>', 'how long to wait for the services to become ready', positiveInt('--wait-timeout'), 120)
    .action(async (file: string, _opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ services?: string; yes?: boolean; waitTimeout: number }>();
        await (await import('../backup/archive-file.js')).requireArchiveFile(file);
        if (!o.yes && process.stdin.isTTY !== true) {
          throw new UsageError(`restore replaces the data of the project's volumes and there is no terminal to confirm on: add --yes`, 'nothing was changed; `ish-monitor backup verify FILE` checks an archive without restoring it');
        }
        const services = (o.services ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const [{ openStack }, { connectDocker }, { restoreBackup }, { renderRestore, renderRestorePlan }, { silentProgress }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/restore-backup.js'),
          import('../output/render-restore.js'),
          import('../core/progress.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const lockProgress = await progressFor(mode);
        const progress = mode.interactive ? lockProgress : silentProgress;
        const r = await withRunLock(g, ctx.project, 'restore', lockProgress, async () => {
          const trap = trapSignals('removing the extracted data; the live data is untouched (once the swap has begun, it is finished first)');
          try {
            return await restoreBackup(ctx, connectDocker(process.env), progress, {
              file,
              services,
              signal: trap.signal,
              stopTimeoutSeconds,
              waitTimeoutMs: o.waitTimeout * 1000,
              confirm: async (plan) => {
                if (o.yes) return true;
                process.stderr.write(renderRestorePlan(file, plan));
                return confirm('go ahead? [y/N] ');
              },
            });
          } finally {
            trap.release();
          }
        });
        emit(mode, r, () => renderRestore(r));
        return 0;
      });
    });
}
