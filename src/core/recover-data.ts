import type { DockerGateway } from '../docker/types.js';
import type { ProgressSink } from './progress.js';
import { restoreBackup } from './restore-backup.js';
import type { StackContext } from './stack-context.js';
import type { NotReadyAgain } from './upgrade-steps.js';

/** Asked before data is restored: these services' recorded version is not ready on their data; restore it from `backup`? */
export interface DataRestoreQuestion {
  services: string[];
  backup: string;
  /** Why each is judged changed: its readiness error, then its last health output and log lines. */
  evidence: string[];
}

/** What became of the data of the services not ready again after a rollback. */
export interface DataOutcome {
  /** Services whose recorded version, back on its own container and configuration, refused the data the new version left. */
  refused: string[];
  /** Those restored from the pre-upgrade backup (data written since it was taken is gone). */
  restored: string[];
  backup?: string;
  /** Why the refused ones were not restored. */
  notRestored?: 'no-backup' | 'declined';
  /** Not ready again but mounting no data volume: not a data matter, the rollback itself failed. */
  failed: NotReadyAgain[];
  /** Readiness errors and diagnostics of the refused services. */
  evidence: string[];
}

/** What deciding on and restoring the data needs. */
export interface DataRecoveryDeps {
  gateway: DockerGateway;
  progress: ProgressSink;
  /** The verified backup taken before the upgrade (absent with --no-backup). */
  backup?: string;
  /** The operator's agreement: the up-front flag, or a question on a terminal; false restores nothing. */
  agree(q: DataRestoreQuestion): Promise<boolean>;
  stopTimeoutSeconds: number;
  timeoutMs: number;
}

/** Services that mount a named volume: the only ones a backup holds data of. */
function withData(ctx: StackContext, services: string[]): Set<string> {
  return new Set(ctx.services.filter((s) => services.includes(s.name) && s.volumes.some((m) => m.type === 'volume')).map((s) => s.name));
}

/**
 * After the recorded services are back: a service that was ready on its recorded container before
 * the upgrade and is not ready on it now (same image, same configuration) meets data the new
 * version changed. Only with the operator's agreement, and only for those services, the data is
 * restored from the verified pre-upgrade backup (restore verifies it whole, swaps all or nothing,
 * starts and waits); without a backup or agreement nothing is touched and the outcome says why.
 */
export async function recoverData(ctx: StackContext, notReady: NotReadyAgain[], deps: DataRecoveryDeps): Promise<DataOutcome> {
  const data = withData(ctx, notReady.map((n) => n.service));
  const refused = notReady.filter((n) => data.has(n.service));
  const evidence = refused.flatMap((n) => [`${n.service}: ${n.error.message}`, ...n.error.details]);
  const outcome: DataOutcome = { refused: refused.map((n) => n.service), restored: [], failed: notReady.filter((n) => !data.has(n.service)), evidence, ...(deps.backup ? { backup: deps.backup } : {}) };
  if (refused.length === 0) return outcome;
  if (!deps.backup) return { ...outcome, notRestored: 'no-backup' };
  if (!(await deps.agree({ services: outcome.refused, backup: deps.backup, evidence }))) return { ...outcome, notRestored: 'declined' };
  await restoreBackup(ctx, deps.gateway, deps.progress, {
    file: deps.backup,
    services: outcome.refused,
    confirm: async () => true,
    stopTimeoutSeconds: deps.stopTimeoutSeconds,
    waitTimeoutMs: deps.timeoutMs,
  });
  return { ...outcome, restored: outcome.refused };
}

/** The restore command that would put the refused services' data back, for the message when it was not run. */
export function restoreCommand(outcome: DataOutcome): string {
  return `ish-monitor restore ${outcome.backup ?? 'FILE'} --services ${outcome.refused.join(',')}`;
}

/** One line on the refused data: restored from which backup, or why not and what to run. */
export function describeData(outcome: DataOutcome): string {
  const who = outcome.refused.join(', ');
  if (outcome.restored.length > 0) return `the data of ${who} was restored from ${outcome.backup} (its recorded version refused the data the new version left; data written since that backup is gone)`;
  const not = outcome.notRestored === 'no-backup' ? 'no backup was taken (--no-backup): nothing to restore it from' : `not restored without the operator's agreement (--restore-data-on-rollback, or y on a terminal)`;
  return `${who} does not become ready on its recorded version with the data the new version left; its data was ${not}`;
}

/** The hint for refused data that was not restored: the restore command with the backup, or where to find one. */
export function dataHint(outcome: DataOutcome): string {
  if (outcome.notRestored === 'no-backup') return `\`ish-monitor backup list\` shows older backups; \`${restoreCommand(outcome)}\` restores one`;
  return `restore the data of before the upgrade: \`${restoreCommand(outcome)}\``;
}
