import { rm } from 'node:fs/promises';
import type { VerifyCache } from '../backup/verify-cache.js';
import { listBackups, type ListedBackup } from './list-backups.js';

/** Which archives to keep: the `keep` newest, and those younger than `olderThanMs`; at least one rule. */
export interface PruneRules {
  keep?: number;
  olderThanMs?: number;
}

/** What `backup prune` deleted (or, in a dry run, would delete). */
export interface PruneResult {
  dir: string;
  project: string;
  dryRun: boolean;
  deleted: { file: string; createdAt: string; sizeBytes: number }[];
  kept: number;
}

/**
 * The archives a prune deletes, from a newest-first list: those beyond the `keep` newest AND older
 * than `olderThanMs` (with one rule only, that rule alone). An archive is kept if any rule keeps it.
 */
export function selectPrunable(backups: ListedBackup[], rules: PruneRules, nowMs: number): ListedBackup[] {
  return backups.filter((b, i) => {
    const beyondKeep = rules.keep === undefined || i >= rules.keep;
    const oldEnough = rules.olderThanMs === undefined || nowMs - Date.parse(b.createdAt) > rules.olderThanMs;
    return beyondKeep && oldEnough;
  });
}

/**
 * Deletes old archives of this project in `dir`: only files whose header says they are ish-monitor
 * backups of `project` (never by file name; `.partial` files and other projects' archives are left).
 */
export async function pruneBackups(dir: string, project: string, rules: PruneRules, opts: { dryRun: boolean; cache?: VerifyCache; now?: () => Date }): Promise<PruneResult> {
  const { dir: abs, backups } = await listBackups(dir, { verify: false, project, ...(opts.cache ? { cache: opts.cache } : {}) });
  const doomed = selectPrunable(backups, rules, (opts.now ?? (() => new Date()))().getTime());
  const deleted: PruneResult['deleted'] = [];
  for (const b of doomed) {
    if (!opts.dryRun) await rm(b.file);
    deleted.push({ file: b.file, createdAt: b.createdAt, sizeBytes: b.sizeBytes });
  }
  return { dir: abs, project, dryRun: opts.dryRun, deleted, kept: backups.length - deleted.length };
}
