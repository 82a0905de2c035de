import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile } from '../read-small-file.js';

/** What the last full verification of an archive found, valid while its size and mtime are unchanged. */
export interface VerifyRecord {
  size: number;
  mtimeMs: number;
  ok: boolean;
  verifiedAt: string;
  problem?: string;
}

type CacheDoc = Record<string, VerifyRecord>;

const fileName = 'verified-backups.json';

/** Past verification results, by absolute archive path, kept in the tool's cache directory. */
export class VerifyCache {
  /** `dir` is the tool's cache directory (XDG_CACHE_HOME/ish-monitor). */
  constructor(private readonly dir: string) {}

  private load(): CacheDoc {
    const doc = readJsonFile<unknown>(join(this.dir, fileName));
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as CacheDoc) : {};
  }

  /** The record for this archive, if it still describes the file as it is now. */
  async lookup(path: string, size: number, mtimeMs: number): Promise<VerifyRecord | undefined> {
    const r = this.load()[path];
    return r && r.size === size && r.mtimeMs === mtimeMs ? r : undefined;
  }

  /** Stores a result; a cache that cannot be written is only a cache: failures are ignored. */
  async store(path: string, record: VerifyRecord): Promise<void> {
    try {
      const doc = this.load();
      doc[path] = record;
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `${fileName}.${process.pid}.partial`);
      await writeFile(tmp, `${JSON.stringify(doc, null, 1)}\n`, { mode: 0o600 });
      await rename(tmp, join(this.dir, fileName));
    } catch {
      // Listing then shows the archive as not verified: the safe side.
    }
  }
}
