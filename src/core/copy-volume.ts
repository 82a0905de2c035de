import type { ArchiveWriter } from '../backup/archive-writer.js';
import { BackupError } from '../backup/backup-error.js';
import { readTar } from '../backup/tar-reader.js';
import type { DockerGateway } from '../docker/types.js';

/** What one volume contributed to the archive. */
export interface VolumeTally {
  entries: number;
  bytes: number;
}

/** The path below the archive's top directory (the engine names it after the copied directory). */
export function belowTop(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? '' : path.slice(i + 1);
}

/** Whether `rel` is one of the excluded paths or inside one. */
export function isExcluded(rel: string, excluded: string[]): boolean {
  const clean = rel.replace(/\/+$/, '');
  return excluded.some((x) => clean === x || clean.startsWith(`${x}/`));
}

/**
 * Streams `sourcePath` of the container from the engine into the archive under `prefix`, member by
 * member (bodies pass through as they arrive, hashed on the way). Hard links are rewritten to their
 * new names; members under `excluded` (other mounts) are skipped.
 */
export async function* copyVolume(
  gateway: DockerGateway,
  writer: ArchiveWriter,
  opts: { containerId: string; sourcePath: string; prefix: string; excluded: string[]; signal: AbortSignal; tally: VolumeTally; onEntry: () => void },
): AsyncIterable<Buffer> {
  const stream = await gateway.getArchive(opts.containerId, opts.sourcePath, opts.signal);
  for await (const e of readTar(stream, { strict: false })) {
    const rel = belowTop(e.path);
    if (isExcluded(rel, opts.excluded)) continue;
    const isDir = e.type === 'Directory';
    const path = rel === '' ? opts.prefix : `${opts.prefix}${rel}${isDir && !rel.endsWith('/') ? '/' : ''}`;
    const linkpath = e.type === 'Link' ? `${opts.prefix}${belowTop(e.linkpath)}` : e.linkpath;
    yield* writer.entry({
      fields: { path, type: e.type, size: e.size, mode: e.mode, mtime: e.mtime, uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, ...(linkpath ? { linkpath } : {}) },
      body: e.body,
    });
    opts.tally.entries += 1;
    opts.tally.bytes += e.size;
    opts.onEntry();
  }
  // An aborted engine stream ends quietly: never let it pass for a complete copy.
  if (opts.signal.aborted) throw new BackupError(`the copy of ${opts.sourcePath} was interrupted`);
}
