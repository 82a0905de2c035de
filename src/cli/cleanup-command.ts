import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { paint, type OutputMode } from '../output/style.js';
import { confirm } from './confirm.js';
import { cleanupSwarmCommand } from './swarm-cleanup.js';
import { swarmTarget } from './swarm-deploy.js';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock, type GlobalOptions } from './runtime.js';

/** Whether cleanup may go ahead: nothing to confirm, ask on the terminal, or refuse (no terminal, no --yes). */
export type CleanupConsent = 'none' | 'ask' | 'refuse';

/** Deleting data volumes needs a yes: from the terminal, or from --yes when there is none to ask on. */
export function cleanupConsent(o: { volumes: boolean; yes: boolean; dryRun: boolean }, stdinIsTty: boolean): CleanupConsent {
  if (!o.volumes || o.yes || o.dryRun) return 'none';
  return stdinIsTty ? 'ask' : 'refuse';
}

/** `cleanup`: remove the stack's containers and networks, optionally its volumes and images. */
export function registerCleanup(program: Command, result: { exitCode: number }): void {
  program
    .command('cleanup')
    .description('remove the stack\'s containers and networks (only resources carrying the project\'s labels, every profile); keeps data volumes unless --volumes; never touches backups')
    .option('--volumes', 'also delete the data volumes (asks first on a terminal; needs --yes otherwise); run `ish-monitor backup` first')
    .option('--images', 'also remove the stack\'s images that no other container uses')
    .option('-y, --yes', 'do not ask before deleting volumes (required with --volumes when there is no terminal)')
    .option('--dry-run', 'list what would be removed; remove nothing')
    .option('--swarm', 'remove a deploy --swarm deployment: services, configs, secrets, overlay network (also: ISH_MONITOR_TARGET=swarm)')
    .option('-t, --timeout <seconds>', 'seconds to wait for a graceful stop before killing', positiveInt('--timeout'), 10)
    .addHelpText(
      'after',
      `
Cleanup finds what to remove by label (com.docker.compose.project=<project> and
io.ish-monitor.managed=true), across every compose profile, enabled or not. Anything without those
labels is left alone, however similar its name; it never prunes the engine. It lists what it will
remove (with volume sizes) before removing anything, stops containers gracefully (--timeout), then
removes them, the networks, and the volumes and images when asked.

Data volumes (Prometheus TSDB, Grafana, AlertManager, ...) are kept unless --volumes is given, so a
later deploy finds its data again. Before --volumes, run \`ish-monitor backup\`: cleanup only removes
engine resources and never deletes backup archives. Try --dry-run first.`,
    )
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, (g, mode) => runCleanup(g, mode, cmd.opts<CleanupFlags>()));
    });
}

/** The flags of `cleanup`. */
interface CleanupFlags {
  volumes?: boolean;
  images?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  timeout: number;
  swarm?: boolean;
}

/** Plans, says what goes, confirms where needed, removes; returns the exit code. */
async function runCleanup(g: GlobalOptions, mode: OutputMode, o: CleanupFlags): Promise<number> {
  const volumes = o.volumes ?? false;
  const dryRun = o.dryRun ?? false;
  const [{ openStack }, { connectDocker }, { planStackCleanup, applyCleanup }, { renderCleanupPlan, renderCleanupDone, isEmptyPlan, formatBytes }] =
    await Promise.all([
      import('../core/stack-context.js'),
      import('../docker/dockerode-gateway.js'),
      import('../core/cleanup-stack.js'),
      import('../output/render-cleanup.js'),
    ]);
  const ctx = await openStack(stackOptions(g));
  const consent = cleanupConsent({ volumes, yes: o.yes ?? false, dryRun }, process.stdin.isTTY === true);
  // Refused before the engine is asked anything: a cron job gets the same answer every time.
  if (consent === 'refuse') {
    throw new UsageError(
      `cleanup --volumes deletes the data volumes of project ${ctx.project} and there is no terminal to confirm on: add --yes`,
      'see what would go with `ish-monitor cleanup --volumes --dry-run`; run `ish-monitor backup` first',
    );
  }
  const gateway = connectDocker(process.env);
  const progress = await progressFor(mode);
  if (swarmTarget(o.swarm)) return cleanupSwarmCommand(g, mode, ctx.project, gateway, progress, { volumes, dryRun, consent, timeoutSeconds: o.timeout });
  const c = paint(mode.color);
  const work = async (): Promise<number> => {
    const plan = await planStackCleanup(ctx, gateway, { volumes, images: o.images ?? false });
    const planText = renderCleanupPlan(plan, c, { dryRun });
    // Said before anything is deleted; with --json the one document comes at the end.
    if (!mode.json) process.stdout.write(planText);
    const untouched = { ...plan, dryRun, declined: false, warnings: [] };
    if (dryRun || isEmptyPlan(plan)) {
      emit(mode, untouched, () => '');
      return 0;
    }
    if (consent === 'ask' && plan.volumes.length > 0) {
      if (mode.json) process.stderr.write(planText);
      const bytes = plan.volumes.reduce((t, v) => t + (v.sizeBytes ?? 0), 0);
      const n = plan.volumes.length;
      if (!(await confirm(`delete ${n} data volume${n === 1 ? '' : 's'} (${formatBytes(bytes)}) of project ${plan.project} for good? [y/N] `))) {
        const declined = { ...untouched, declined: true };
        emit(mode, declined, () => renderCleanupDone(declined, c));
        return 0;
      }
    }
    const r = await applyCleanup(plan, gateway, progress, { timeoutSeconds: o.timeout });
    emit(mode, r, () => renderCleanupDone(r, c));
    return 0;
  };
  // A dry run changes nothing and, like status, never waits for the lock.
  return dryRun ? work() : withRunLock(g, ctx.project, 'cleanup', progress, work);
}
