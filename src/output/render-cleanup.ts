import type { ChalkInstance } from 'chalk';
import type { CleanupResult } from '../core/cleanup-stack.js';
import type { CleanupPlan } from '../core/plan-cleanup.js';
import { columns } from './format.js';

/** Bytes in the units `docker system df` prints (powers of 1000), so the figures compare: `1.2 GB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** Total bytes of the volumes, and whether any size is missing. */
function volumeTotal(plan: CleanupPlan): { bytes: number; complete: boolean } {
  return {
    bytes: plan.volumes.reduce((t, v) => t + (v.sizeBytes ?? 0), 0),
    complete: plan.volumes.every((v) => v.sizeBytes !== undefined),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** True when the plan removes nothing at all. */
export function isEmptyPlan(plan: CleanupPlan): boolean {
  return plan.containers.length + plan.networks.length + plan.volumes.length + plan.images.length === 0;
}

/** The line that points at `backup` before data volumes go (also used in `--help`). */
export const backupFirstLine = 'back up first: `ish-monitor backup` archives the data volumes; cleanup never deletes backup archives';

/**
 * What cleanup will remove (printed before it removes anything, and for --dry-run), with volume
 * sizes, and what it keeps on purpose: the data volumes without --volumes, images still in use.
 */
export function renderCleanupPlan(plan: CleanupPlan, c: ChalkInstance, opts: { dryRun: boolean }): string {
  const out: string[] = [];
  if (isEmptyPlan(plan)) {
    out.push(`project ${plan.project}: nothing to remove`);
  } else {
    out.push(c.bold(`project ${plan.project}: ${opts.dryRun ? 'cleanup would remove (dry run: nothing removed)' : 'cleanup will remove'}`));
    const rows: string[][] = [
      ...plan.containers.map((x) => ['  container', x.name, `${x.service} (${x.state})`]),
      ...plan.networks.map((n) => ['  network', n, '']),
      ...plan.volumes.map((v) => ['  volume', v.name, v.sizeBytes === undefined ? 'size unknown' : formatBytes(v.sizeBytes)]),
      ...plan.images.flatMap((i) =>
        i.refs.map((r) => ['  image', r, i.deletes ? formatBytes(i.sizeBytes) : `untag only (kept as ${i.otherTags.join(', ')})`]),
      ),
    ];
    out.push(...columns(rows));
    if (plan.volumes.length > 0) {
      const t = volumeTotal(plan);
      out.push(c.yellow(`${plural(plan.volumes.length, 'data volume')}, ${formatBytes(t.bytes)}${t.complete ? '' : ' or more'}, will be deleted for good`));
    }
  }
  if (plan.volumes.length > 0) out.push(backupFirstLine);
  if (plan.keptVolumes.length > 0) {
    out.push(`keeping ${plural(plan.keptVolumes.length, 'data volume')} (${plan.keptVolumes.join(', ')}): a later deploy uses them again`);
    out.push('  to delete them too: `ish-monitor backup`, then `ish-monitor cleanup --volumes`');
  }
  for (const k of plan.keptImages) out.push(`keeping image ${k.ref}: ${k.reason}`);
  return out.join('\n') + '\n';
}

/** The closing summary after cleanup ran (or was declined). */
export function renderCleanupDone(r: CleanupResult, c: ChalkInstance): string {
  if (r.declined) return 'nothing removed (not confirmed)\n';
  const out: string[] = [];
  if (!isEmptyPlan(r)) {
    const parts: string[] = [];
    if (r.containers.length > 0) parts.push(plural(r.containers.length, 'container'));
    if (r.networks.length > 0) parts.push(plural(r.networks.length, 'network'));
    if (r.volumes.length > 0) {
      const t = volumeTotal(r);
      parts.push(`${plural(r.volumes.length, 'volume')} (${formatBytes(t.bytes)}${t.complete ? '' : ' or more'})`);
    }
    if (r.images.length > 0) parts.push(plural(r.images.length, 'image'));
    out.push(c.green(`project ${r.project}: removed ${parts.join(', ')}`));
  }
  for (const w of r.warnings) out.push(c.yellow(`warning: ${w}`));
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
