import type { BackupResult } from '../core/create-backup.js';
import type { ListedBackup } from '../core/list-backups.js';
import type { PruneResult } from '../core/prune-backups.js';
import type { VerifyBackupResult } from '../core/verify-backup.js';
import { columns } from './format.js';

/** Bytes as a short human size. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** The one summary line of a finished backup. */
export function renderBackup(r: BackupResult): string {
  const how = r.services.map((s) => `${s.service}=${s.method}${s.origin ? ` from ${s.origin}` : ''}`).join(', ');
  return `backup ${r.file}: ${formatBytes(r.sizeBytes)} (${formatBytes(r.dataBytes)} of data, ${r.entries} entries), verified, ${(r.durationMs / 1000).toFixed(1)} s; ${how}\n`;
}

/** The result of `backup verify`: one line. */
export function renderVerify(r: VerifyBackupResult): string {
  if (r.ok) return `ok ${r.file}: ${r.entries} entries, ${formatBytes(r.dataBytes)} checked against the manifest (project ${r.project}, ${r.createdAt})\n`;
  return `BAD ${r.file}: ${r.problem!.entry}: ${r.problem!.reason}\n`;
}

/** `backup list`: a table, newest first. */
export function renderBackupList(l: { dir: string; backups: ListedBackup[] }): string {
  if (l.backups.length === 0) return `no ish-monitor backups in ${l.dir}\n`;
  const rows = [['CREATED (UTC)', 'SIZE', 'VERIFIED', 'PROJECT', 'SERVICES', 'FILE']];
  for (const b of l.backups) {
    rows.push([b.createdAt.replace(/\.\d+Z$/, 'Z'), formatBytes(b.sizeBytes), b.verified, b.project, b.services.join(','), b.file]);
  }
  const problems = l.backups.filter((b) => b.problem).map((b) => `  ${b.file}: ${b.problem}`);
  return [...columns(rows), ...(problems.length ? ['damaged:', ...problems] : [])].join('\n') + '\n';
}

/** `backup prune`: one line per deleted archive, then a total. */
export function renderPrune(r: PruneResult): string {
  const verb = r.dryRun ? 'would delete' : 'deleted';
  const lines = r.deleted.map((d) => `${verb} ${d.file} (${d.createdAt.replace(/\.\d+Z$/, 'Z')}, ${formatBytes(d.sizeBytes)})`);
  const total = formatBytes(r.deleted.reduce((t, d) => t + d.sizeBytes, 0));
  return [...lines, `${r.dryRun ? 'dry run: ' : ''}${verb} ${r.deleted.length} archive${r.deleted.length === 1 ? '' : 's'} (${total}) of project ${r.project} in ${r.dir}; ${r.kept} kept`].join('\n') + '\n';
}
