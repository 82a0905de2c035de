import type { DockerGateway } from '../docker/types.js';
import { ExitCode, IshError, UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { toolVersion } from '../version.js';
import { listProjectContainers } from './project-containers.js';
import { resultOf, tryAppendHistory, type HistoryEntry } from './history.js';
import type { ProgressSink } from './progress.js';
import { dataHint, describeData, recoverData, type DataRecoveryDeps } from './recover-data.js';
import { setEnvValues } from './set-env-values.js';
import { openStack } from './stack-context.js';
import { readUpgradeRecord, writeUpgradeRecord } from './upgrade-record.js';
import { historyChanges } from './upgrade-stack.js';
import { restoreRecorded, type StepDeps } from './upgrade-steps.js';

/** What `upgrade --rollback` did. */
export interface RollbackResult {
  project: string;
  /** When the upgrade rolled back started, and how it had ended. */
  upgradeStartedAt: string;
  upgradeStatus: string;
  /** Services changed back (those already as recorded are not listed). */
  restored: string[];
  /** Env variables given back their values from before the upgrade (null: removed). */
  envRestored: Record<string, string | null>;
  /** Services whose data was restored from the pre-upgrade backup (their recorded version refused the data the new one left). */
  dataRestored: string[];
  backup?: string;
  durationMs: number;
}

/**
 * Returns the project to the state its last upgrade started from, whether that upgrade finished
 * (the old containers are gone: new ones from the recorded images) or was killed half-way (the
 * recorded containers, set aside, are put back). Env values --set wrote are restored first.
 */
export async function rollbackUpgrade(
  gateway: DockerGateway,
  progress: ProgressSink,
  opts: { project: string; stateDir: string; env: Record<string, string | undefined>; timeoutMs: number; stopTimeoutSeconds: number; agreeDataRestore: DataRecoveryDeps['agree'] },
): Promise<RollbackResult> {
  const started = Date.now();
  const record = await readUpgradeRecord(opts.stateDir);
  if (!record) throw new UsageError(`project ${opts.project} has no recorded upgrade to roll back`, '`ish-monitor history` lists what ran; a rollback needs an `ish-monitor upgrade` first');
  if (record.status === 'rolled-back') {
    throw new UsageError(`the upgrade of project ${opts.project} started at ${record.startedAt} is already rolled back`, 'nothing to do: the stack runs the versions it ran before that upgrade');
  }
  await gateway.ping();
  const upgradeStatus = record.status;
  const envRestored = Object.keys(record.envAfter).length > 0 ? record.envBefore : {};
  if (Object.keys(envRestored).length > 0) await setEnvValues(record.envPath, envRestored);
  const history: HistoryEntry = {
    command: 'rollback',
    at: new Date(started).toISOString(),
    result: 'ok',
    durationMs: 0,
    changes: historyChanges(record.services.map((s) => ({ service: s.service, action: 'replace', changes: ['image'], fromImage: s.newImage, fromImageId: s.newImageId, toImage: s.image, toImageId: s.imageId }))),
    toolVersion,
  };
  try {
    const ctx = await openStack({
      composeFile: record.composeFile,
      projectName: record.project,
      profiles: record.profiles,
      env: opts.env,
      ...(record.envFile ? { envFile: record.envFile } : {}),
    });
    const deps: StepDeps = { gateway, progress, timeoutMs: opts.timeoutMs, stopTimeoutSeconds: opts.stopTimeoutSeconds };
    const back = await restoreRecorded(ctx, record.services, deps);
    const data = await recoverData(ctx, back.notReady, { ...deps, ...(record.backup ? { backup: record.backup } : {}), agree: opts.agreeDataRestore });
    if (data.failed.length > 0) throw data.failed[0]!.error;
    const restored = back.restored;
    const added = (await listProjectContainers(gateway, record.project)).filter((c) => (record.added ?? []).includes(c.labels[ComposeLabel.service] ?? ''));
    for (const c of added) await gateway.removeContainer(c.id);
    restored.push(...added.map((c) => `${c.labels[ComposeLabel.service]} (removed: added by the upgrade)`));
    record.status = 'rolled-back';
    if (data.refused.length > 0) record.data = { refused: data.refused, restored: data.restored };
    await writeUpgradeRecord(opts.stateDir, record);
    if (data.restored.length > 0) history.dataRestored = data.restored;
    if (data.refused.length > 0 && data.restored.length === 0) {
      for (const line of data.evidence) progress.warn(line);
      throw new IshError(`rolled back, but ${describeData(data)}`, ExitCode.dataRefused, dataHint(data));
    }
    return { project: record.project, upgradeStartedAt: record.startedAt, upgradeStatus, restored, envRestored, dataRestored: data.restored, ...(record.backup ? { backup: record.backup } : {}), durationMs: Date.now() - started };
  } catch (err) {
    history.result = resultOf(err);
    history.error = (err as Error).message;
    throw err;
  } finally {
    history.durationMs = Date.now() - started;
    await tryAppendHistory(opts.stateDir, history, (t) => progress.warn(t));
  }
}
