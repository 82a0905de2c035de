import type { ChalkInstance } from 'chalk';
import type { HistoryEntry } from '../core/history.js';
import { columns } from './format.js';

/** One row per run, oldest first, then each change indented under it. */
export function renderHistory(project: string, entries: HistoryEntry[], c: ChalkInstance): string {
  if (entries.length === 0) return `project ${project}: no deploy or upgrade recorded yet\n`;
  const out: string[] = [];
  for (const e of entries) {
    const result = e.result === 'ok' ? c.green(e.result) : c.red(e.result);
    out.push(columns([[e.at, e.command, result, `${(e.durationMs / 1000).toFixed(1)} s`, e.error ?? '']]).join(''));
    for (const ch of e.changes) out.push(`    ${ch.service} ${ch.action}${ch.from ? `: ${ch.from} -> ${ch.to}` : ch.to ? `: ${ch.to}` : ''}${ch.reason ? ` (${ch.reason})` : ''}`);
    if (e.backup) out.push(`    backup: ${e.backup}`);
    if (e.dataRestored?.length) out.push(`    data restored from the backup: ${e.dataRestored.join(', ')}`);
  }
  return out.join('\n') + '\n';
}
