import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { DataRestoreQuestion } from '../core/recover-data.js';
import { UsageError } from '../errors.js';
import { paint } from '../output/style.js';
import { confirm } from './confirm.js';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock } from './runtime.js';
import { trapSignals } from './trap-signals.js';

const stopTimeoutSeconds = 30;

interface UpgradeFlags {
  to?: string;
  set: string[];
  backup: boolean;
  backupDir?: string;
  yes?: boolean;
  dryRun?: boolean;
  timeout: number;
  rollback?: boolean;
  restoreDataOnRollback?: boolean;
}

/** `upgrade`: backup, record, converge service by service with readiness, automatic rollback; `upgrade --rollback`. */
export function registerUpgrade(program: Command, result: { exitCode: number }): void {
  program
    .command('upgrade')
    .description('upgrade services to new images or configuration safely: plan, verified backup, one service at a time with a readiness wait, automatic rollback on failure')
    .option('--to <file>', 'compose file of the new version (default: the current compose file as it reads now)')
    .option('--set <service=image>', 'run SERVICE on IMAGE (repeatable); written to the env file as <SERVICE>_IMAGE once the upgrade succeeded', (v: string, prev: string[]) => [...prev, v], [])
    .option('--no-backup', 'skip the verified backup taken before anything changes')
    .option('--backup-dir <dir>', 'where the backup goes (default: backups/, created when missing)')
    .option('--yes', 'do not ask for confirmation (required where no terminal can ask)')
    .option('--dry-run', 'print the plan; change nothing')
    .option('--timeout <seconds>', 'how long each service gets to become ready before the rollback', positiveInt('--timeout'), 120)
    .option('--rollback', 'return to the state the last upgrade started from (also after an interrupted one)')
    .option('--restore-data-on-rollback', 'agree up front: where a rolled-back service\'s recorded version does not become ready on the data the new version left, restore its data from the pre-upgrade backup (asked on a terminal otherwise)')
    .addHelpText(
      'after',
      `
The running state (containers, image IDs, configuration hashes) is recorded before anything changes,
in $XDG_STATE_HOME/ish-monitor/<project>/last-upgrade.json (default ~/.local/state/...). Old
containers are stopped and kept aside until every service is ready on its new version; a service that
is not ready within --timeout (or Ctrl-C) puts them back and the upgrade exits 77 (130 for Ctrl-C).
Data volumes are kept as they are on rollback, unless a service's recorded version, back on its own
container, does not become ready on the data the new version left: then, with the operator's agreement
(--restore-data-on-rollback, or y on a terminal without --yes), that service's data is restored from
the pre-upgrade backup (exit 78); without it nothing is restored and the restore command is printed
(exit 79). \`ish-monitor history\` lists deploys and upgrades.`,
    )
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<UpgradeFlags>();
        if (o.rollback && (o.to || o.set.length > 0 || o.dryRun)) throw new UsageError('--rollback takes no --to, --set or --dry-run', 'run `ish-monitor upgrade --rollback` alone');
        if (!o.rollback && !o.backup && o.restoreDataOnRollback) throw new UsageError('--restore-data-on-rollback needs the backup --no-backup skips: there would be nothing to restore from', 'drop --no-backup, or --restore-data-on-rollback');
        const [{ openStack, pickServices }, { connectDocker }, { stateDir }, render] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/state-dir.js'),
          import('../output/render-upgrade.js'),
        ]);
        const base = stackOptions(g);
        const before = await openStack(base);
        const gateway = connectDocker(process.env);
        const progress = await progressFor(mode);
        const dir = stateDir(process.env, before.project);
        const c = paint(mode.color);
        // Restoring data loses what was written since the backup: only on the flag, or asked on a terminal.
        const agreeDataRestore = async (q: DataRestoreQuestion): Promise<boolean> => {
          if (o.restoreDataOnRollback) return true;
          if (o.yes || process.stdin.isTTY !== true || mode.json) return false;
          process.stderr.write(render.renderDataQuestion(q));
          return confirm(`restore the data of ${q.services.join(', ')} from ${q.backup}? [y/N] `);
        };
        if (o.rollback) {
          const { rollbackUpgrade } = await import('../core/rollback-upgrade.js');
          const r = await withRunLock(g, before.project, 'upgrade --rollback', progress, () =>
            rollbackUpgrade(gateway, progress, { project: before.project, stateDir: dir, env: process.env, timeoutMs: o.timeout * 1000, stopTimeoutSeconds, agreeDataRestore }),
          );
          emit(mode, r, () => render.renderRollback(r, c));
          return 0;
        }
        const { parseImageOverride, imageVariable } = await import('../core/plan-upgrade.js');
        const overrides = o.set.map(parseImageOverride);
        pickServices(before, overrides.map((x) => x.service));
        const envAfter = Object.fromEntries(overrides.map((x) => [imageVariable(x.service), x.image]));
        const target = await openStack({ ...base, composeFile: o.to ?? base.composeFile, projectName: before.project, env: { ...process.env, ...envAfter } });
        for (const x of overrides) {
          if (target.stack.services.find((s) => s.name === x.service)?.image !== x.image) {
            throw new UsageError(`the image of service ${x.service} in ${target.stack.composeFile} is not set by ${imageVariable(x.service)}`, `write image: \${${imageVariable(x.service)}:-...} there, or upgrade with --to FILE`);
          }
        }
        const { upgradeStack } = await import('../core/upgrade-stack.js');
        const ask = async (steps: Parameters<typeof render.renderUpgradePlan>[0]): Promise<boolean> => {
          if (o.yes) return true;
          if (process.stdin.isTTY !== true || mode.json) throw new UsageError('upgrade stops and replaces running services: pass --yes (no terminal to ask on)', 'review the plan with --dry-run first');
          process.stderr.write(`${render.renderUpgradePlan(steps, c).join('\n')}\n`);
          return confirm('upgrade these services? [y/N] ');
        };
        const run = async () => {
          const { VerifyCache } = await import('../backup/verify-cache.js');
          const { cacheDir } = await import('../compose/stack-cache.js');
          const trap = trapSignals('putting the recorded containers back');
          try {
            return await upgradeStack(before, target, gateway, progress, {
              dryRun: o.dryRun ?? false,
              ...(o.backup ? { backup: { outputDir: o.backupDir ?? 'backups', createOutputDir: o.backupDir === undefined, compression: 'gzip' as const, cache: new VerifyCache(cacheDir(process.env)) } } : {}),
              timeoutMs: o.timeout * 1000,
              stopTimeoutSeconds,
              stateDir: dir,
              envPath: g.envFile ? resolve(g.envFile) : join(dirname(before.stack.composeFile), '.env'),
              ...(g.envFile ? { explicitEnvFile: resolve(g.envFile) } : {}),
              envAfter,
              confirm: ask,
              agreeDataRestore,
              signal: trap.signal,
            });
          } finally {
            trap.release();
          }
        };
        const r = o.dryRun ? await run() : await withRunLock(g, before.project, 'upgrade', progress, run);
        emit(mode, r, () => render.renderUpgrade(r, c));
        return 0;
      });
    });
}
