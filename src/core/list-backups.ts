import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openArchive, partialSuffix } from '../backup/archive-file.js';
import type { BackupHeader } from '../backup/manifest.js';
import { readHeader } from '../backup/verify-archive.js';
import type { VerifyCache } from '../backup/verify-cache.js';
import { NoInputError } from '../errors.js';
import { verifyBackup } from './verify-backup.js';
import { compareText } from './compare-text.js';

/** One archive found in the directory. */
export interface ListedBackup {
  file: string;
  project: string;
  createdAt: string;
  sizeBytes: number;
  compression: string;
  services: string[];
  volumes: string[];
  /** From the last full verification of this exact file (cached), or `unknown` when it was never verified. */
  verified: 'yes' | 'failed' | 'unknown';
  verifiedAt?: string;
  problem?: string;
}

/**
 * The ish-monitor archives in `dir`, newest first, recognised by their header member (not by file
 * name). Verification status comes from the cache written by `backup` and `backup verify`;
 * `verify: true` verifies every archive whose cached status is missing or stale now.
 */
export async function listBackups(dir: string, opts: { cache?: VerifyCache; verify: boolean; project?: string }): Promise<{ dir: string; backups: ListedBackup[] }> {
  const abs = resolve(dir);
  const names = await readdir(abs).catch((err: NodeJS.ErrnoException) => {
    throw new NoInputError(`backup directory ${abs} cannot be read (${err.code ?? err.message})`, 'pass the directory the archives are in with --dir');
  });
  const backups: ListedBackup[] = [];
  for (const name of names.sort()) {
    if (name.endsWith(partialSuffix)) continue;
    const file = join(abs, name);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) continue;
    let header: BackupHeader;
    try {
      header = await readHeader((await openArchive(file)).tar);
    } catch {
      continue; // not one of ours
    }
    if (opts.project && header.project !== opts.project) continue;
    let record = await opts.cache?.lookup(file, st.size, st.mtimeMs);
    if (!record && opts.verify) {
      const v = await verifyBackup(file, opts.cache);
      record = { size: st.size, mtimeMs: st.mtimeMs, ok: v.ok, verifiedAt: new Date().toISOString(), ...(v.problem ? { problem: `${v.problem.entry}: ${v.problem.reason}` } : {}) };
    }
    backups.push({
      file,
      project: header.project,
      createdAt: header.createdAt,
      sizeBytes: st.size,
      compression: header.compression,
      services: header.services,
      volumes: header.volumes,
      verified: record ? (record.ok ? 'yes' : 'failed') : 'unknown',
      ...(record ? { verifiedAt: record.verifiedAt } : {}),
      ...(record?.problem ? { problem: record.problem } : {}),
    });
  }
  backups.sort((a, b) => compareText(b.createdAt, a.createdAt));
  return { dir: abs, backups };
}
