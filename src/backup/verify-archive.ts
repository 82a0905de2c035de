import { createHash } from 'node:crypto';
import { BackupError } from './backup-error.js';
import {
  entryMismatch,
  headerPath,
  manifestDigestPath,
  manifestPath,
  parseHeader,
  parseManifest,
  type BackupHeader,
  type BackupManifest,
  type ManifestEntry,
} from './manifest.js';
import { readTar, TarFormatError } from './tar-reader.js';

const maxManifestBytes = 256 << 20;

/** The first thing wrong with an archive: the member it concerns and why. */
export interface VerifyProblem {
  entry: string;
  reason: string;
}

/** What reading a whole archive found. */
export interface VerifyOutcome {
  ok: boolean;
  problem?: VerifyProblem;
  header?: BackupHeader;
  manifest?: BackupManifest;
  entries: number;
  bytes: number;
}

/** Reads the first member only: the header that identifies an ish-monitor archive. */
export async function readHeader(tar: AsyncIterable<Uint8Array>): Promise<BackupHeader> {
  for await (const e of readTar(tar, { strict: false })) {
    if (e.path !== headerPath) throw new BackupError(`the first member is ${e.path}, not ${headerPath}`, 'not an ish-monitor backup');
    const parts: Buffer[] = [];
    for await (const p of e.body) parts.push(p);
    return parseHeader(Buffer.concat(parts).toString('utf8'));
  }
  throw new BackupError('the archive is empty', 'not an ish-monitor backup');
}

/**
 * Reads a whole (decompressed) archive, recomputes every member's SHA-256 and compares the members,
 * in order, with manifest.json; the outcome names the first bad member. Errors of the byte source
 * itself (a corrupt gzip stream, an unreadable file) are reported against the member being read.
 */
export async function verifyArchive(tar: AsyncIterable<Uint8Array>): Promise<VerifyOutcome> {
  const seen: ManifestEntry[] = [];
  let current: string | undefined;
  let last: string | undefined;
  let bytes = 0;
  let header: BackupHeader | undefined;
  let manifestText: string | undefined;
  let manifestSha: string | undefined;
  let digestText: string | undefined;
  const outcome = (problem: VerifyProblem): VerifyOutcome => ({ ok: false, problem, entries: seen.length, bytes, ...(header ? { header } : {}) });
  try {
    for await (const e of readTar(tar, { strict: true })) {
      current = e.path;
      if (digestText !== undefined) return outcome({ entry: e.path, reason: `a member follows ${manifestDigestPath}` });
      const isMeta = e.path === manifestPath || e.path === manifestDigestPath || e.path === headerPath;
      if (isMeta && e.size > maxManifestBytes) return outcome({ entry: e.path, reason: `${e.size} bytes is too large` });
      const hash = createHash('sha256');
      const kept: Buffer[] = [];
      let size = 0;
      for await (const part of e.body) {
        hash.update(part);
        size += part.length;
        if (isMeta) kept.push(part);
      }
      bytes += size;
      const sha256 = hash.digest('hex');
      if (e.path === manifestPath) {
        manifestText = Buffer.concat(kept).toString('utf8');
        manifestSha = sha256;
      } else if (e.path === manifestDigestPath) {
        if (manifestText === undefined) return outcome({ entry: e.path, reason: `comes before ${manifestPath}` });
        digestText = Buffer.concat(kept).toString('utf8');
      } else {
        if (manifestText !== undefined) return outcome({ entry: e.path, reason: `follows ${manifestPath}` });
        if (seen.length === 0) {
          if (e.path !== headerPath) return outcome({ entry: e.path, reason: `the first member should be ${headerPath}: not an ish-monitor backup` });
          header = parseHeader(Buffer.concat(kept).toString('utf8'));
        }
        seen.push({ path: e.path, type: e.type, size, sha256, ...(e.linkpath ? { linkpath: e.linkpath } : {}) });
      }
      last = e.path;
      current = undefined;
    }
  } catch (err) {
    if (err instanceof TarFormatError) {
      // Broken before the first member: most likely no ish-monitor archive at all.
      if (err.entry === undefined) return outcome({ entry: '(start of archive)', reason: `not an ish-monitor backup archive (${err.message})` });
      return outcome({ entry: err.entry, reason: err.where === 'after' ? `after this member: ${err.message}` : err.message });
    }
    if (err instanceof BackupError) return outcome({ entry: current ?? headerPath, reason: err.message });
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const what = code.startsWith('Z_') || /incorrect header check|invalid|unexpected end/i.test((err as Error).message) ? 'compressed data is damaged' : 'read failed';
    return outcome({ entry: current ?? last ?? '(start of archive)', reason: `${what}: ${(err as Error).message}` });
  }
  if (seen.length === 0) return outcome({ entry: headerPath, reason: 'missing: not an ish-monitor backup' });
  if (manifestText === undefined) return outcome({ entry: manifestPath, reason: `missing: the archive ends after ${last} (truncated?)` });
  if (digestText === undefined) return outcome({ entry: manifestDigestPath, reason: 'missing (truncated?)' });
  if (digestText.split(/\s+/)[0] !== manifestSha) return outcome({ entry: manifestPath, reason: `SHA-256 does not match ${manifestDigestPath}` });
  let manifest: BackupManifest;
  try {
    manifest = parseManifest(manifestText);
  } catch (err) {
    return outcome({ entry: manifestPath, reason: (err as Error).message });
  }
  const n = Math.max(seen.length, manifest.entries.length);
  for (let i = 0; i < n; i++) {
    const want = manifest.entries[i];
    const got = seen[i];
    if (!want) return { ...outcome({ entry: got!.path, reason: 'not listed in the manifest' }), manifest };
    if (!got) return { ...outcome({ entry: want.path, reason: 'listed in the manifest but missing from the archive' }), manifest };
    const why = entryMismatch(want, got);
    if (why) return { ...outcome({ entry: want.path === got.path ? got.path : want.path, reason: why }), manifest };
  }
  const h = header!;
  for (const k of ['project', 'createdAt', 'compression', 'toolVersion'] as const) {
    if (h[k] !== manifest[k]) return { ...outcome({ entry: headerPath, reason: `${k} differs from the manifest` }), manifest };
  }
  return { ok: true, header: h, manifest, entries: seen.length, bytes };
}
