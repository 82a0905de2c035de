import type { RestoreResult } from '../core/restore-backup.js';
import type { RestorePlan } from '../core/restore-plan.js';
import { formatBytes } from './render-backup.js';

/** What restore is about to replace, for the confirmation question. */
export function renderRestorePlan(file: string, plan: RestorePlan): string {
  const lines = plan.volumes.map((v) => `  ${v.engineName} (${v.service}): ${v.exists ? 'replaced by' : 'created from'} ${v.entries} entries, ${formatBytes(v.bytes)}`);
  const stops = plan.containers.size > 0 ? `stops ${[...plan.containers.keys()].join(', ')} during the swap, then starts them again` : 'no service is deployed';
  return `restore ${file} (backup of ${plan.createdAt}) into project ${plan.project}:\n${lines.join('\n')}\n  ${stops}${plan.deployAfter ? '; deploys the stack afterwards' : ''}\n`;
}

/** The one summary line of a finished (or declined) restore. */
export function renderRestore(r: RestoreResult): string {
  if (r.declined) return `restore declined: nothing changed\n`;
  const vols = r.volumes.map((v) => `${v.volume}${v.created ? ' (created)' : ''}`).join(', ');
  return `restored ${r.file} (backup of ${r.createdAt}): ${vols}; ${formatBytes(r.dataBytes)} in ${(r.durationMs / 1000).toFixed(1)} s; ${r.deployed ? 'stack deployed' : `${r.services.join(', ')} started`}, ready\n`;
}
