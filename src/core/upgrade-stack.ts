import { configHash } from '../compose/config-hash.js';
import type { DockerGateway } from '../docker/types.js';
import { ExitCode, IshError, NotReadyError, RolledBackError, UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { toolVersion } from '../version.js';
import { createBackup, type CreateBackupOptions } from './create-backup.js';
import { serviceHash } from './deploy-stack.js';
import { resultOf, tryAppendHistory, type HistoryChange, type HistoryEntry } from './history.js';
import { mountDigest } from './mount-digest.js';
import type { DesiredService } from './plan-deploy.js';
import { planUpgrade, type UpgradeStep } from './plan-upgrade.js';
import type { ProgressSink } from './progress.js';
import { listProjectContainers } from './project-containers.js';
import { resolveImages } from './resolve-images.js';
import { setEnvValues } from './set-env-values.js';
import { withDeployedProfiles, type StackContext } from './stack-context.js';
import { dataHint, describeData, recoverData, type DataOutcome, type DataRecoveryDeps } from './recover-data.js';
import { readUpgradeRecord, writeUpgradeRecord, type UpgradeRecord } from './upgrade-record.js';
import { replaceService, restoreRecorded, type NotReadyAgain, type StepDeps } from './upgrade-steps.js';

/** What `upgrade` takes besides the two stacks. */
export interface UpgradeOptions {
  dryRun: boolean;
  /** Backup settings; undefined with --no-backup. */
  backup?: Omit<CreateBackupOptions, 'signal' | 'services' | 'stop' | 'stopTimeoutSeconds'>;
  timeoutMs: number;
  stopTimeoutSeconds: number;
  /** The project's state directory (history, record). */
  stateDir: string;
  /** The env file `--set` writes to, and the image variables it sets there once the upgrade succeeded. */
  envPath: string;
  explicitEnvFile?: string;
  envAfter: Record<string, string>;
  /** Asked after the plan is known and before anything changes; false leaves everything as is. */
  confirm(steps: UpgradeResult['steps']): Promise<boolean>;
  /** Asked when a rolled-back service's recorded version refuses the data the new version left: restore it from the backup? */
  agreeDataRestore: DataRecoveryDeps['agree'];
  signal?: AbortSignal;
}

/** What `upgrade` did (or, with dryRun, would do). */
export interface UpgradeResult {
  project: string;
  dryRun: boolean;
  steps: { service: string; action: UpgradeStep['action']; changes: UpgradeStep['changes']; fromImage?: string; fromImageId?: string; toImage: string; toImageId: string }[];
  backup?: string;
  /** Env variables written (by --set), so a later deploy keeps the new images. */
  envWritten: Record<string, string>;
  /** Services whose data a failed upgrade's rollback restored from the backup (set before the error is thrown). */
  dataRestored?: string[];
  durationMs: number;
}

function stepView(s: UpgradeStep): UpgradeResult['steps'][number] {
  return {
    service: s.service,
    action: s.action,
    changes: s.changes,
    ...(s.from ? { fromImage: s.from.image, fromImageId: s.from.imageId } : {}),
    toImage: s.to.image,
    toImageId: s.to.imageId,
  };
}

/** One history change per step: `image (id12)` before and after. */
export function historyChanges(steps: UpgradeResult['steps']): HistoryChange[] {
  const show = (image: string, id: string) => `${image} (${id.replace(/^sha256:/, '').slice(0, 12)})`;
  return steps.map((s) => ({
    service: s.service,
    action: s.action,
    ...(s.fromImage ? { from: show(s.fromImage, s.fromImageId ?? '') } : {}),
    to: show(s.toImage, s.toImageId),
  }));
}

/** The target's desired services, and the digest of the files each mounts from the stack's tree. */
async function desiredOf(target: StackContext, ids: Map<string, string>): Promise<{ desired: DesiredService[]; mounted: Map<string, string | undefined> }> {
  const mounted = new Map<string, string | undefined>();
  const desired = await Promise.all(
    target.services.map(async (spec) => {
      mounted.set(spec.name, await mountDigest(spec, target.stack.workingDir));
      return { spec, hash: serviceHash(configHash(spec), mounted.get(spec.name)), imageId: ids.get(spec.image) ?? '' };
    }),
  );
  return { desired, mounted };
}

/** Refuses to start over an upgrade that was killed half-way: its record is what `--rollback` needs. */
async function refuseUnfinished(stateDir: string, project: string): Promise<void> {
  const last = await readUpgradeRecord(stateDir);
  if (last?.status === 'in-progress') {
    throw new UsageError(`the upgrade of project ${project} started at ${last.startedAt} did not finish`, 'run `ish-monitor upgrade --rollback` to return to the state it started from, then upgrade again');
  }
}

/**
 * Upgrades the running stack (`before`) to `target`: plan, confirm, verified backup, record of the
 * running state, images resolved before anything stops, then service by service in dependency
 * order with a readiness wait each. Any failure or Ctrl-C puts the recorded containers back and
 * throws (RolledBackError, InterruptedError); success removes the old containers.
 */
export async function upgradeStack(before: StackContext, requested: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: UpgradeOptions): Promise<UpgradeResult> {
  const started = Date.now();
  await gateway.ping();
  if (!opts.dryRun) await refuseUnfinished(opts.stateDir, before.project);
  const containers = await listProjectContainers(gateway, before.project);
  const target = withDeployedProfiles(requested, containers.map((c) => c.labels[ComposeLabel.service] ?? ''));
  const images = await resolveImages(gateway, target.services, { policy: 'missing', dryRun: opts.dryRun, progress });
  const { desired, mounted } = await desiredOf(target, images.ids);
  const steps = planUpgrade(desired, containers, (service, image) =>
    serviceHash(configHash({ ...desired.find((d) => d.spec.name === service)!.spec, image }), mounted.get(service)),
  );
  const result: UpgradeResult = { project: before.project, dryRun: opts.dryRun, steps: steps.map(stepView), envWritten: {}, durationMs: 0 };
  if (opts.dryRun) return result;
  if (steps.length > 0 && !(await opts.confirm(result.steps))) throw new UsageError('upgrade not confirmed: nothing changed', 'answer y, or pass --yes where no terminal can ask');

  const history: HistoryEntry = { command: 'upgrade', at: new Date(started).toISOString(), result: 'ok', durationMs: 0, changes: historyChanges(result.steps), toolVersion };
  try {
    if (steps.length > 0) await runSteps(before, target, desired, steps, gateway, progress, opts, result);
    else if (Object.keys(opts.envAfter).length > 0) await setEnvValues(opts.envPath, opts.envAfter);
    result.envWritten = opts.envAfter;
  } catch (err) {
    history.result = resultOf(err);
    history.error = (err as Error).message;
    throw err;
  } finally {
    history.durationMs = result.durationMs = Date.now() - started;
    if (result.backup) history.backup = result.backup;
    if (result.dataRestored?.length) history.dataRestored = result.dataRestored;
    if (steps.length > 0) await tryAppendHistory(opts.stateDir, history, (t) => progress.warn(t));
  }
  return result;
}

async function runSteps(
  before: StackContext,
  target: StackContext,
  desired: DesiredService[],
  steps: UpgradeStep[],
  gateway: DockerGateway,
  progress: ProgressSink,
  opts: UpgradeOptions,
  result: UpgradeResult,
): Promise<void> {
  if (opts.backup) {
    const b = await createBackup(before, gateway, progress, { ...opts.backup, services: [], stop: false, stopTimeoutSeconds: opts.stopTimeoutSeconds, ...(opts.signal ? { signal: opts.signal } : {}) });
    result.backup = b.file;
  }
  const record: UpgradeRecord = {
    project: before.project,
    startedAt: new Date().toISOString(),
    status: 'in-progress',
    composeFile: before.stack.composeFile,
    envPath: opts.envPath,
    ...(opts.explicitEnvFile ? { envFile: opts.explicitEnvFile } : {}),
    profiles: target.profiles,
    envBefore: {},
    envAfter: opts.envAfter,
    ...(result.backup ? { backup: result.backup } : {}),
    services: steps.flatMap((s) =>
      s.from
        ? [{ service: s.service, containerId: s.from.id, name: s.from.name, image: s.from.image, imageId: s.from.imageId, configHash: s.from.labels[ComposeLabel.configHash] ?? '', running: s.from.state === 'running' || s.from.state === 'restarting', newImage: s.to.image, newImageId: s.to.imageId }]
        : [],
    ),
    added: steps.filter((s) => !s.from).map((s) => s.service),
  };
  await writeUpgradeRecord(opts.stateDir, record);

  const deps: StepDeps = { gateway, progress, timeoutMs: opts.timeoutMs, stopTimeoutSeconds: opts.stopTimeoutSeconds, ...(opts.signal ? { signal: opts.signal } : {}) };
  const created: string[] = [];
  for (const step of steps) {
    try {
      const id = await replaceService(target, desired.find((d) => d.spec.name === step.service)!, step.from, deps);
      if (!step.from) created.push(id);
    } catch (err) {
      progress.warn(`${step.service}: ${(err as Error).message}: rolling back to the recorded state`);
      const head = `upgrade failed at ${step.service} (${step.to.image}): ${(err as Error).message}; rolled back`;
      const data = await rollBack(before, record, created, { ...deps, signal: undefined }, opts, head);
      result.dataRestored = data.restored;
      if (err instanceof IshError && err.exitCode === ExitCode.interrupted && data.refused.length === 0) throw err;
      const details = [...(err instanceof NotReadyError ? err.details : []), ...data.evidence];
      if (data.refused.length > 0) {
        const restored = data.restored.length > 0;
        throw new RolledBackError(`${head}; ${describeData(data)}`, details, restored ? '`ish-monitor history` lists the run' : dataHint(data), restored ? ExitCode.dataRestored : ExitCode.dataRefused);
      }
      throw new RolledBackError(
        `${head}, the stack runs the recorded versions again`,
        details,
        `\`ish-monitor history\` lists the run${record.backup ? `; the backup taken before is ${record.backup}` : ''}`,
      );
    }
  }
  // Every service is ready on its new version: --set values go to the env file (so a later deploy
  // keeps them; their old values are recorded for --rollback), and the old containers are removed.
  if (Object.keys(opts.envAfter).length > 0) record.envBefore = await setEnvValues(opts.envPath, opts.envAfter);
  for (const rec of record.services) {
    await gateway.removeContainer(rec.containerId).catch((err: Error) => progress.warn(`old container ${rec.name} (${rec.containerId.slice(0, 12)}) not removed: ${err.message}`));
  }
  record.status = 'done';
  await writeUpgradeRecord(opts.stateDir, record);
}

const retryRollback = 'run `ish-monitor upgrade --rollback` to retry returning to the recorded state; `ish-monitor status` shows what runs';

/**
 * The automatic rollback: containers the upgrade created go, the recorded ones come back; where a
 * recorded version refuses the data the new one left, the data is restored if the operator agrees
 * (recoverData). A rollback that fails leaves the record in progress for `--rollback`.
 */
async function rollBack(before: StackContext, record: UpgradeRecord, created: string[], deps: StepDeps, opts: UpgradeOptions, head: string): Promise<DataOutcome> {
  let notReady: NotReadyAgain[];
  try {
    for (const id of created) await deps.gateway.removeContainer(id);
    notReady = (await restoreRecorded(before, record.services, deps)).notReady;
  } catch (err) {
    throw new IshError(`upgrade failed and the automatic rollback failed too: ${(err as Error).message}`, ExitCode.notReady, retryRollback);
  }
  const data = await recoverData(before, notReady, { ...deps, backup: record.backup, agree: opts.agreeDataRestore }).catch((err: Error) => {
    throw new IshError(`${head}, but restoring the data from ${record.backup} failed: ${err.message}`, err instanceof IshError ? err.exitCode : ExitCode.backup, retryRollback);
  });
  if (data.failed.length > 0) {
    throw new IshError(`upgrade failed and the automatic rollback failed too: ${data.failed.map((f) => f.error.message).join('; ')}`, ExitCode.notReady, retryRollback);
  }
  record.status = 'rolled-back';
  if (data.refused.length > 0) record.data = { refused: data.refused, restored: data.restored };
  await writeUpgradeRecord(opts.stateDir, record);
  return data;
}
