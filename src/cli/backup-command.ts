import { Option, type Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock } from './runtime.js';
import type { ProgressSink } from '../core/progress.js';
import type { DockerGateway } from '../docker/types.js';
import { swarmTarget } from './swarm-deploy.js';
import { trapSignals } from './trap-signals.js';

/** The swarm deployment as the backup's source (swarm modules loaded only for --swarm). */
async function swarmSource(project: string, gateway: DockerGateway, progress: ProgressSink) {
  const [{ swarmBackupSource }, { connectSwarm }, { systemClock }] = await Promise.all([import('../core/swarm-backup-source.js'), import('../docker/swarm-gateway.js'), import('../health/clock.js')]);
  return swarmBackupSource(project, gateway, connectSwarm(process.env), progress, { clock: systemClock });
}

const defaultDir = 'backups';
const ageUnitsMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `--older-than`: a whole number and a unit m, h, d or w. */
function parseAge(value: string): number {
  const m = /^(\d+)([mhdw])$/.exec(value.trim());
  if (!m || Number(m[1]) === 0) throw new UsageError(`--older-than must be a positive whole number with a unit m, h, d or w, got "${value}"`, 'e.g. --older-than 30d');
  return Number(m[1]) * ageUnitsMs[m[2]!]!;
}
const stopTimeoutSeconds = 30;

/** `backup`, `backup verify FILE`, `backup list`: consistent, streamed, checksummed archives. */
export function registerBackup(program: Command, result: { exitCode: number }): void {
  const backup = program
    .command('backup')
    .description('write one verified archive of the stack\'s data volumes and configuration, consistent per service; `backup verify FILE`, `backup list`, `backup prune`; `ish-monitor restore FILE` restores')
    .option('-o, --output <dir>', `directory to write the archive to (${defaultDir}/ is created when missing; another must exist)`)
    .option('--services <names>', 'comma-separated services to back up (default: every deployed service with a data volume)')
    .addOption(new Option('--compression <kind>', 'archive compression: gzip (level 1), zstd (level 1, all cores: fast; needs the zstd program) or none').choices(['gzip', 'zstd', 'none']).default('gzip'))
    .option('--stop', 'stop Prometheus too during its copy, instead of taking a TSDB snapshot (AlertManager and Grafana are always stopped for theirs)')
    .option('--swarm', 'the stack deployed with deploy --swarm (also: ISH_MONITOR_TARGET=swarm): one peer per stateful service, stopped for its copy while the others serve')
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ output?: string; services?: string; compression: string; stop?: boolean; swarm?: boolean }>();
        const swarm = swarmTarget(o.swarm);
        if (o.compression === 'zstd') (await import('../backup/zstd-pipe.js')).requireZstd('option');
        const services = (o.services ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const [{ openStack }, { connectDocker }, { createBackup }, { VerifyCache }, { cacheDir }, { renderBackup }, { silentProgress }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/create-backup.js'),
          import('../backup/verify-cache.js'),
          import('../compose/stack-cache.js'),
          import('../output/render-backup.js'),
          import('../core/progress.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const lockProgress = await progressFor(mode);
        // Without a terminal: no progress lines, only the one summary line of the result.
        const progress = mode.interactive ? lockProgress : silentProgress;
        const r = await withRunLock(g, ctx.project, 'backup', lockProgress, async () => {
          const trap = trapSignals('starting stopped services again and removing the partial archive');
          try {
            const gateway = connectDocker(process.env);
            const source = swarm ? await swarmSource(ctx.project, gateway, progress) : undefined;
            return await createBackup(ctx, gateway, progress, {
              ...(source ? { source } : {}),
              outputDir: o.output ?? defaultDir,
              createOutputDir: o.output === undefined,
              services,
              compression: o.compression as 'gzip' | 'zstd' | 'none',
              stop: o.stop === true,
              stopTimeoutSeconds,
              signal: trap.signal,
              cache: new VerifyCache(cacheDir(process.env)),
            });
          } finally {
            trap.release();
          }
        });
        emit(mode, r, () => renderBackup(r));
        return 0;
      });
    });

  backup
    .command('verify')
    .argument('<file>', 'archive to check')
    .description('read the whole archive, recompute every checksum and compare with its manifest; exit 0 only if all match, 73 naming the first bad entry')
    .action(async (file: string, _opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (_g, mode) => {
        const [{ verifyBackup }, { VerifyCache }, { cacheDir }, { renderVerify }] = await Promise.all([
          import('../core/verify-backup.js'),
          import('../backup/verify-cache.js'),
          import('../compose/stack-cache.js'),
          import('../output/render-backup.js'),
        ]);
        const r = await verifyBackup(file, new VerifyCache(cacheDir(process.env)));
        if (!r.ok) process.stderr.write(`error: backup ${r.file} is damaged: ${r.problem!.entry}: ${r.problem!.reason}\n`);
        emit(mode, r, () => renderVerify(r));
        return r.ok ? 0 : ExitCode.backup;
      });
    });

  backup
    .command('list')
    .description('list the ish-monitor archives in a directory (recognised by their manifest header, not their name), newest first, with the cached verification result')
    .option('-d, --dir <dir>', 'directory to look in', defaultDir)
    .option('--verify', 'verify now every archive without a cached result (reads each whole archive)')
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (_g, mode) => {
        const o = cmd.opts<{ dir: string; verify?: boolean }>();
        const [{ listBackups }, { VerifyCache }, { cacheDir }, { renderBackupList }] = await Promise.all([
          import('../core/list-backups.js'),
          import('../backup/verify-cache.js'),
          import('../compose/stack-cache.js'),
          import('../output/render-backup.js'),
        ]);
        const l = await listBackups(o.dir, { cache: new VerifyCache(cacheDir(process.env)), verify: o.verify === true });
        emit(mode, l, () => renderBackupList(l));
        return 0;
      });
    });

  backup
    .command('prune')
    .description('delete old archives of this project in a directory (recognised by their header, never by name): keep the N newest and/or those younger than an age; lists what it deletes')
    .option('-d, --dir <dir>', 'directory to prune', defaultDir)
    .option('--keep <n>', 'keep the N newest archives', positiveInt('--keep', 7))
    .option('--older-than <age>', 'delete only archives older than this (e.g. 30d, 12h, 2w)', parseAge)
    .option('--dry-run', 'list what would be deleted; delete nothing')
    .addHelpText('after', '\nWith both --keep and --older-than, an archive is deleted only when it is beyond the N newest AND older than the age.')
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ dir: string; keep?: number; olderThan?: number; dryRun?: boolean }>();
        if (o.keep === undefined && o.olderThan === undefined) throw new UsageError('backup prune needs --keep N and/or --older-than AGE', 'e.g. `ish-monitor backup prune --keep 7 --dry-run`');
        const [{ openStack }, { pruneBackups }, { VerifyCache }, { cacheDir }, { renderPrune }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../core/prune-backups.js'),
          import('../backup/verify-cache.js'),
          import('../compose/stack-cache.js'),
          import('../output/render-backup.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const rules = { ...(o.keep !== undefined ? { keep: o.keep } : {}), ...(o.olderThan !== undefined ? { olderThanMs: o.olderThan } : {}) };
        const prune = () => pruneBackups(o.dir, ctx.project, rules, { dryRun: o.dryRun === true, cache: new VerifyCache(cacheDir(process.env)) });
        // A dry run deletes nothing and, like status, never waits for the lock.
        const r = o.dryRun ? await prune() : await withRunLock(g, ctx.project, 'backup prune', await progressFor(mode), prune);
        emit(mode, r, () => renderPrune(r));
        return 0;
      });
    });
}
