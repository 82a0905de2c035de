import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openArchive } from '../backup/archive-file.js';
import type { Compression } from '../backup/manifest.js';
import { verifyArchive, type VerifyProblem } from '../backup/verify-archive.js';
import type { VerifyCache } from '../backup/verify-cache.js';

/** What `backup verify` found. */
export interface VerifyBackupResult {
  file: string;
  ok: boolean;
  compression: Compression;
  sizeBytes: number;
  /** Members checked against the manifest (manifest.json and its digest not counted). */
  entries: number;
  dataBytes: number;
  project?: string;
  createdAt?: string;
  services?: string[];
  problem?: VerifyProblem;
}

/** Reads the whole archive, recomputes every checksum and compares with the manifest; records the result in the cache. */
export async function verifyBackup(file: string, cache?: VerifyCache): Promise<VerifyBackupResult> {
  const path = resolve(file);
  const { tar, compression, size } = await openArchive(path);
  const before = await stat(path);
  const v = await verifyArchive(tar);
  const h = v.header;
  await cache?.store(path, { size: before.size, mtimeMs: before.mtimeMs, ok: v.ok, verifiedAt: new Date().toISOString(), ...(v.problem ? { problem: `${v.problem.entry}: ${v.problem.reason}` } : {}) });
  return {
    file: path,
    ok: v.ok,
    compression,
    sizeBytes: size,
    entries: v.entries,
    dataBytes: v.bytes,
    ...(h ? { project: h.project, createdAt: h.createdAt, services: h.services } : {}),
    ...(v.problem ? { problem: v.problem } : {}),
  };
}
