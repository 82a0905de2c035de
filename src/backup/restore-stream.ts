import { BackupError } from './backup-error.js';
import { findUnsafeEntry, volumesPrefix, type UnsafeEntry } from './entry-safety.js';
import { headerPath, type BackupHeader, type BackupManifest } from './manifest.js';
import { readTar } from './tar-reader.js';
import { encodeHeader, endOfArchive, padding } from './tar-writer.js';
import { ArchiveCheck, ArchiveProblem, type VerifyProblem } from './verify-archive.js';

/** Where the extraction stands, for progress: the volume being written and the bytes written so far. */
export interface RestoreTally {
  volume: string;
  bytes: number;
}

/** What the extraction reads and where its members go. */
export interface ExtractionSource {
  /** The archive's path, for messages. */
  path: string;
  /** The archive's first member, read before: the plan was made from it. */
  header: BackupHeader;
  /** Volumes (compose names) to extract. */
  volumes: string[];
  /** Directory, inside each volume, the members are extracted into. */
  incoming: string;
}

/** The error for a damaged archive: it names the member. */
export const damagedArchive = (path: string, p: VerifyProblem) =>
  new BackupError(`backup ${path} is damaged: ${p.entry}: ${p.reason}`, 'nothing was changed; restore another archive (`ish-monitor backup list`)');

/** The error for a member restore must not write. */
class UnsafeArchive extends BackupError {
  constructor(path: string, u: UnsafeEntry) {
    super(`refusing to restore ${path}: ${u.entry}: ${u.reason}`, 'nothing was changed; ish-monitor never writes such a member: the archive was altered');
  }
}

/**
 * Reads the whole archive once, checking it as `backup verify` does, and yields the tar to extract
 * into a helper container that mounts each chosen volume at `<volume>/`: the members under
 * `volumes/<volume>/` of the chosen volumes, renamed to `<volume>/<incoming>/...` (hard links too);
 * every other member is read and checked, not extracted. A member restore must not write (absolute
 * path, `..`, a link out of its volume, a device file) is refused before any of its bytes are
 * yielded. The end-of-archive marker comes only once every member matched the manifest: a damaged
 * or altered archive throws (BackupError naming the member) and the extraction never completes.
 * Returns the verified manifest.
 */
export async function* extractionStream(archiveTar: AsyncIterable<Uint8Array>, source: ExtractionSource, tally: RestoreTally, onProgress: () => void): AsyncGenerator<Buffer, BackupManifest> {
  const check = new ArchiveCheck();
  const prefixes = source.header.volumes.map((v) => `${volumesPrefix}${v}/`);
  const chosen = source.volumes.map((v) => `${volumesPrefix}${v}/`);
  const rename = (p: string, prefix: string) => `${prefix.slice(volumesPrefix.length)}${source.incoming}/${p.slice(prefix.length)}`;
  let manifest: BackupManifest;
  try {
    for await (const e of readTar(archiveTar, { strict: true })) {
      const unsafe = findUnsafeEntry([{ path: e.path, type: e.type, size: e.size, sha256: '', ...(e.linkpath ? { linkpath: e.linkpath } : {}) }], prefixes);
      if (unsafe) throw new UnsafeArchive(source.path, unsafe);
      const prefix = chosen.find((p) => e.path.startsWith(p));
      if (!prefix) {
        for await (const _ of check.body(e));
        continue;
      }
      tally.volume = prefix.slice(volumesPrefix.length, -1);
      const linkpath = e.type === 'Link' ? rename(e.linkpath, prefix) : e.linkpath;
      yield encodeHeader({ path: rename(e.path, prefix), type: e.type, size: e.size, mode: e.mode, mtime: e.mtime, uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, ...(linkpath ? { linkpath } : {}) });
      for await (const part of check.body(e)) {
        tally.bytes += part.length;
        yield part;
      }
      yield padding(e.size);
      onProgress();
    }
    manifest = check.finish();
    if (JSON.stringify(check.header) !== JSON.stringify(source.header)) throw new ArchiveProblem({ entry: headerPath, reason: 'changed while restore was reading the archive' });
  } catch (err) {
    throw err instanceof UnsafeArchive ? err : damagedArchive(source.path, check.problemOf(err));
  }
  const unsafe = findUnsafeEntry(manifest.entries, manifest.volumeDetails.map((d) => d.prefix));
  if (unsafe) throw new UnsafeArchive(source.path, unsafe);
  yield endOfArchive();
  return manifest;
}
