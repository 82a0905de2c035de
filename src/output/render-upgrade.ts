import type { ChalkInstance } from 'chalk';
import type { DataRestoreQuestion } from '../core/recover-data.js';
import type { RollbackResult } from '../core/rollback-upgrade.js';
import type { UpgradeResult } from '../core/upgrade-stack.js';
import { columns } from './format.js';

const shortId = (id: string | undefined) => (id ?? '').replace(/^sha256:/, '').slice(0, 12) || '?';

/** The plan lines: `service  replace  image: old (id) -> new (id)`, configuration changes named. */
export function renderUpgradePlan(steps: UpgradeResult['steps'], c: ChalkInstance): string[] {
  return columns(
    steps.map((s) => [
      `  ${s.service}`,
      c.cyan(s.action),
      [
        s.fromImage ? `${s.fromImage} (${shortId(s.fromImageId)}) -> ${s.toImage} (${shortId(s.toImageId)})` : `new: ${s.toImage} (${shortId(s.toImageId)})`,
        s.changes.includes('configuration') && s.action === 'replace' ? '; configuration changed' : '',
      ].join(''),
    ]),
  );
}

/** What upgrade did (or would do, with --dry-run): the plan, the backup, the new versions. */
export function renderUpgrade(r: UpgradeResult, c: ChalkInstance): string {
  const out: string[] = [];
  if (r.steps.length === 0) out.push(c.bold(`project ${r.project}: nothing to upgrade, every service runs its target version`));
  else out.push(c.bold(r.dryRun ? `upgrade plan for project ${r.project} (dry run: nothing changed)` : `project ${r.project} upgraded in ${(r.durationMs / 1000).toFixed(1)} s`));
  out.push(...renderUpgradePlan(r.steps, c));
  if (r.backup) out.push(`  backup taken before: ${r.backup}`);
  for (const [k, v] of Object.entries(r.envWritten)) out.push(`  ${k}=${v} written to the env file (a later deploy keeps it)`);
  return out.join('\n') + '\n';
}

/** Shown on a terminal before asking whether to restore data: which services refuse their data, and the evidence. */
export function renderDataQuestion(q: DataRestoreQuestion): string {
  return [
    `back on their recorded version, ${q.services.join(', ')} did not become ready on the data the new version left:`,
    ...q.evidence.map((l) => `  ${l}`),
    `restoring puts back their data from ${q.backup}, taken before the upgrade; data written since then is lost.`,
  ].join('\n') + '\n';
}

/** What `upgrade --rollback` did. */
export function renderRollback(r: RollbackResult, c: ChalkInstance): string {
  const out = [c.bold(`project ${r.project}: back to the state before the upgrade of ${r.upgradeStartedAt} (${(r.durationMs / 1000).toFixed(1)} s)`)];
  out.push(r.restored.length ? `  restored: ${r.restored.join(', ')}` : '  every service already ran its recorded version');
  for (const [k, v] of Object.entries(r.envRestored)) out.push(`  ${k}: ${v === null ? 'removed from' : `set back to ${v} in`} the env file`);
  if (r.dataRestored.length) out.push(`  data restored from ${r.backup}: ${r.dataRestored.join(', ')} (their recorded version refused the data the new version left)`);
  return out.join('\n') + '\n';
}
