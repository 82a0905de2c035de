import type { ContainerSummary } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import { isSetAside } from './plan-deploy.js';
import type { LockHolder } from './run-lock.js';
import type { UpgradeRecord } from './upgrade-record.js';

/** What `status` says about the last upgrade, when there is something to say: one line and the command that recovers. */
export interface UpgradeNote {
  state: 'running' | 'interrupted' | 'set-aside' | 'data-refused' | 'rolled-back';
  startedAt?: string;
  message: string;
  hint?: string;
}

const rollbackHint = 'run `ish-monitor upgrade --rollback` to return to the state the last upgrade started from';

/**
 * Reads the last upgrade's record, the lock holder and the set-aside containers into one note: an
 * upgrade running now, one that did not finish (killed: a mix of versions, old containers aside),
 * containers left aside, a rollback whose recorded version refused its data (until that service is
 * `ready` again), or a plain rollback while the stack still runs the images it went back to.
 * A finished upgrade, or none, is nothing to say.
 */
export function upgradeNote(record: UpgradeRecord | undefined, containers: ContainerSummary[], holder: LockHolder | undefined, ready: ReadonlySet<string>): UpgradeNote | undefined {
  const at = record ? { startedAt: record.startedAt } : {};
  const setAside = containers.filter(isSetAside);
  if (holder?.command.startsWith('upgrade')) {
    return { state: 'running', message: `\`${holder.command}\` is running (pid ${holder.pid} on ${holder.host}, since ${holder.since}): services may be between versions` };
  }
  if (record?.status === 'in-progress') {
    return { state: 'interrupted', ...at, message: `the upgrade started at ${record.startedAt} did not finish: services may run a mix of old and new versions`, hint: rollbackHint };
  }
  if (setAside.length > 0) {
    return { state: 'set-aside', ...at, message: `old containers set aside by a replacement that did not finish: ${setAside.map((c) => c.name).join(', ')}`, hint: record ? rollbackHint : 'run `ish-monitor deploy` to converge' };
  }
  if (record?.status !== 'rolled-back') return undefined;
  const data = record.data;
  // Ready again since (e.g. `restore` was run): no longer a question.
  const unrestored = data ? data.refused.filter((s) => !data.restored.includes(s) && !ready.has(s)) : [];
  if (unrestored.length > 0) {
    return {
      state: 'data-refused',
      ...at,
      message: `the upgrade started at ${record.startedAt} was rolled back, but the recorded version of ${unrestored.join(', ')} refuses the data the new version left`,
      hint: record.backup ? `restore the data of before the upgrade: \`ish-monitor restore ${record.backup} --services ${unrestored.join(',')}\`` : 'no backup was taken before it: `ish-monitor backup list` shows older ones',
    };
  }
  // A later deploy or restart onto other images made "runs the versions from before it" untrue: nothing left to say.
  const imageOf = new Map(containers.filter((c) => !isSetAside(c)).map((c) => [c.labels[ComposeLabel.service], c.imageId]));
  if (record.services.some((s) => imageOf.has(s.service) && imageOf.get(s.service) !== s.imageId)) return undefined;
  const restored = data?.restored.length ? ` (data of ${data.restored.join(', ')} restored from ${record.backup})` : '';
  return { state: 'rolled-back', ...at, message: `the upgrade started at ${record.startedAt} was rolled back: the stack runs the versions from before it${restored}`, hint: '`ish-monitor history` shows why' };
}
