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
import { readTar, TarFormatError, type TarEntry } from './tar-reader.js';

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

/** A problem found while reading: the check stops at the first. */
export class ArchiveProblem extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(`${problem.entry}: ${problem.reason}`);
  }
}

/**
 * The check of one archive as it is read, member by member: every body passes through `body()`,
 * which hashes it; `finish()` then compares the members, in order, with manifest.json. Whoever reads
 * the archive decides what else to do with the bodies (restore extracts some on the way). Every
 * method throws ArchiveProblem naming the member at fault.
 */
export class ArchiveCheck {
  private readonly seen: ManifestEntry[] = [];
  private current: string | undefined;
  private last: string | undefined;
  private manifestText: string | undefined;
  private manifestSha: string | undefined;
  private digestText: string | undefined;
  header: BackupHeader | undefined;
  bytes = 0;

  /** Members read so far (the manifest's two not counted). */
  get entries(): number {
    return this.seen.length;
  }

  /** The member's body, hashed on its way through; the member is recorded once its body is read to the end. */
  async *body(e: TarEntry): AsyncIterable<Buffer> {
    this.current = e.path;
    if (this.digestText !== undefined) throw new ArchiveProblem({ entry: e.path, reason: `a member follows ${manifestDigestPath}` });
    const isMeta = e.path === manifestPath || e.path === manifestDigestPath || e.path === headerPath;
    if (isMeta && e.size > maxManifestBytes) throw new ArchiveProblem({ entry: e.path, reason: `${e.size} bytes is too large` });
    const hash = createHash('sha256');
    const kept: Buffer[] = [];
    let size = 0;
    for await (const part of e.body) {
      hash.update(part);
      size += part.length;
      if (isMeta) kept.push(part);
      yield part;
    }
    this.bytes += size;
    const sha256 = hash.digest('hex');
    if (e.path === manifestPath) {
      this.manifestText = Buffer.concat(kept).toString('utf8');
      this.manifestSha = sha256;
    } else if (e.path === manifestDigestPath) {
      if (this.manifestText === undefined) throw new ArchiveProblem({ entry: e.path, reason: `comes before ${manifestPath}` });
      this.digestText = Buffer.concat(kept).toString('utf8');
    } else {
      if (this.manifestText !== undefined) throw new ArchiveProblem({ entry: e.path, reason: `follows ${manifestPath}` });
      if (this.seen.length === 0) {
        if (e.path !== headerPath) throw new ArchiveProblem({ entry: e.path, reason: `the first member should be ${headerPath}: not an ish-monitor backup` });
        try {
          this.header = parseHeader(Buffer.concat(kept).toString('utf8'));
        } catch (err) {
          throw new ArchiveProblem({ entry: e.path, reason: (err as Error).message });
        }
      }
      this.seen.push({ path: e.path, type: e.type, size, sha256, ...(e.linkpath ? { linkpath: e.linkpath } : {}) });
    }
    this.last = e.path;
    this.current = undefined;
  }

  /**
   * The problem an error of reading is, reported against the member being read: a broken tar
   * stream, a corrupt compressed stream, an unreadable file.
   */
  problemOf(err: unknown): VerifyProblem {
    if (err instanceof ArchiveProblem) return err.problem;
    if (err instanceof TarFormatError) {
      // Broken before the first member: most likely no ish-monitor archive at all.
      if (err.entry === undefined) return { entry: '(start of archive)', reason: `not an ish-monitor backup archive (${err.message})` };
      return { entry: err.entry, reason: err.where === 'after' ? `after this member: ${err.message}` : err.message };
    }
    if (err instanceof BackupError) return { entry: this.current ?? headerPath, reason: err.message };
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const what = code.startsWith('Z_') || /incorrect header check|invalid|unexpected end/i.test((err as Error).message) ? 'compressed data is damaged' : 'read failed';
    return { entry: this.current ?? this.last ?? '(start of archive)', reason: `${what}: ${(err as Error).message}` };
  }

  /** Once the archive is read to its end: the manifest, checked against every member read. */
  finish(): BackupManifest {
    const fail = (entry: string, reason: string): never => {
      throw new ArchiveProblem({ entry, reason });
    };
    if (this.seen.length === 0) fail(headerPath, 'missing: not an ish-monitor backup');
    if (this.manifestText === undefined) fail(manifestPath, `missing: the archive ends after ${this.last} (truncated?)`);
    if (this.digestText === undefined) fail(manifestDigestPath, 'missing (truncated?)');
    if (this.digestText!.split(/\s+/)[0] !== this.manifestSha) fail(manifestPath, `SHA-256 does not match ${manifestDigestPath}`);
    let manifest!: BackupManifest;
    try {
      manifest = parseManifest(this.manifestText!);
    } catch (err) {
      fail(manifestPath, (err as Error).message);
    }
    const n = Math.max(this.seen.length, manifest.entries.length);
    for (let i = 0; i < n; i++) {
      const want = manifest.entries[i];
      const got = this.seen[i];
      if (!want) fail(got!.path, 'not listed in the manifest');
      if (!got) fail(want!.path, 'listed in the manifest but missing from the archive');
      const why = entryMismatch(want!, got!);
      if (why) fail(want!.path, why);
    }
    for (const k of ['project', 'createdAt', 'compression', 'toolVersion'] as const) {
      if (this.header![k] !== manifest[k]) fail(headerPath, `${k} differs from the manifest`);
    }
    return manifest;
  }
}

/** Reads the first member only: the header that identifies an ish-monitor archive. Throws ArchiveProblem. */
export async function readHeader(tar: AsyncIterable<Uint8Array>): Promise<BackupHeader> {
  const check = new ArchiveCheck();
  try {
    for await (const e of readTar(tar, { strict: false })) {
      // Named before its body is read: the first member of a foreign tar may be gigabytes.
      if (e.path !== headerPath) throw new ArchiveProblem({ entry: e.path, reason: `the first member should be ${headerPath}: not an ish-monitor backup` });
      for await (const _ of check.body(e));
      return check.header!;
    }
  } catch (err) {
    throw new ArchiveProblem(check.problemOf(err));
  }
  throw new ArchiveProblem({ entry: headerPath, reason: 'missing: the archive is empty' });
}

/**
 * Reads a whole (decompressed) archive, recomputes every member's SHA-256 and compares the members,
 * in order, with manifest.json; the outcome names the first bad member. Errors of the byte source
 * itself (a corrupt gzip stream, an unreadable file) are reported against the member being read.
 */
export async function verifyArchive(tar: AsyncIterable<Uint8Array>): Promise<VerifyOutcome> {
  const check = new ArchiveCheck();
  let manifest: BackupManifest | undefined;
  try {
    for await (const e of readTar(tar, { strict: true })) for await (const _ of check.body(e));
    manifest = check.finish();
  } catch (err) {
    const outcome: VerifyOutcome = { ok: false, problem: check.problemOf(err), entries: check.entries, bytes: check.bytes };
    if (check.header) outcome.header = check.header;
    return outcome;
  }
  return { ok: true, header: check.header!, manifest, entries: check.entries, bytes: check.bytes };
}
