import { createHash } from 'node:crypto';
import { BackupError } from './backup-error.js';
import { volumesPrefix } from './entry-safety.js';
import type { ManifestEntry } from './manifest.js';
import { readTar } from './tar-reader.js';
import { encodeHeader, endOfArchive, padding } from './tar-writer.js';

/** Where the extraction stands, for progress: the volume being written and its bytes so far. */
export interface RestoreTally {
  volume: string;
  bytes: number;
  totalBytes: number;
}

/**
 * The tar to extract into a helper container that mounts each fresh volume at `<volume>/`: the
 * archive's members under the chosen `volumes/<volume>/` prefixes, renamed to `<volume>/...` (hard
 * links too), every other member skipped. Each body is hashed again on its way and compared with
 * the manifest, so an archive changed since it was verified fails the extraction (BackupError
 * naming the member) instead of landing in a volume.
 */
export async function* restoreStream(archiveTar: AsyncIterable<Uint8Array>, entries: ManifestEntry[], volumes: string[], tally: RestoreTally, onProgress: () => void): AsyncIterable<Buffer> {
  const expected = new Map(entries.map((e) => [e.path, e]));
  const chosen = volumes.map((v) => `${volumesPrefix}${v}/`);
  const strip = (p: string) => p.slice(volumesPrefix.length);
  for await (const e of readTar(archiveTar, { strict: true })) {
    const prefix = chosen.find((p) => e.path.startsWith(p));
    if (!prefix) continue;
    const want = expected.get(e.path);
    if (!want || want.type !== e.type || want.size !== e.size) throw new BackupError(`${e.path} is not the member the manifest lists: the archive changed since it was verified`, 'verify it again with `ish-monitor backup verify FILE`');
    tally.volume = prefix.slice(volumesPrefix.length, -1);
    yield encodeHeader({ path: strip(e.path), type: e.type, size: e.size, mode: e.mode, mtime: e.mtime, uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, ...(e.linkpath ? { linkpath: e.type === 'Link' ? strip(e.linkpath) : e.linkpath } : {}) });
    const hash = createHash('sha256');
    for await (const part of e.body) {
      hash.update(part);
      tally.bytes += part.length;
      yield part;
    }
    if (hash.digest('hex') !== want.sha256) throw new BackupError(`${e.path}: SHA-256 does not match the manifest: the archive changed since it was verified`, 'verify it again with `ish-monitor backup verify FILE`');
    yield padding(e.size);
    onProgress();
  }
  yield endOfArchive();
}
