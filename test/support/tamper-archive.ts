import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ArchiveWriter, type SourceEntry } from '../../src/backup/archive-writer.js';
import { manifestDigestPath, manifestPath, type BackupManifest } from '../../src/backup/manifest.js';
import { readTar } from '../../src/backup/tar-reader.js';

/**
 * Writes a copy of an uncompressed archive with `extra` inserted right after the member `after`,
 * and a manifest rewritten to match (checksums and all): a malicious archive that verifies.
 */
export async function withExtraMember(src: string, dest: string, after: string, extra: SourceEntry): Promise<void> {
  const writer = new ArchiveWriter();
  async function* members(): AsyncIterable<Buffer> {
    let manifest: BackupManifest | undefined;
    for await (const e of readTar(createReadStream(src), { strict: true })) {
      if (e.path === manifestPath) {
        const parts: Buffer[] = [];
        for await (const p of e.body) parts.push(p);
        manifest = JSON.parse(Buffer.concat(parts).toString('utf8')) as BackupManifest;
        continue;
      }
      if (e.path === manifestDigestPath) continue;
      yield* writer.entry({ fields: { path: e.path, type: e.type, size: e.size, mode: e.mode, mtime: e.mtime, uid: e.uid, gid: e.gid, ...(e.linkpath ? { linkpath: e.linkpath } : {}) }, body: e.body });
      if (e.path === after) yield* writer.entry(extra);
    }
    const { entries: _old, ...rest } = manifest!;
    yield* writer.finish(rest, new Date());
  }
  await pipeline(members(), createWriteStream(dest));
}
