import { constants, createReadStream, type Stats } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { NoInputError } from '../errors.js';
import type { Compression } from './manifest.js';
import { requireZstd, zstdDecompress } from './zstd-pipe.js';

/** File name of an archive: `<project>-<UTC timestamp>.tar[.gz|.zst]`. */
export function archiveName(project: string, at: Date, compression: Compression): string {
  const stamp = at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${project}-${stamp}.tar${compression === 'gzip' ? '.gz' : compression === 'zstd' ? '.zst' : ''}`;
}

/** Suffix of an archive still being written. */
export const partialSuffix = '.partial';

/** How the file's first bytes say it is compressed. */
export async function sniffCompression(path: string): Promise<Compression> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gzip';
    if (bytesRead === 4 && buffer.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await fh.close();
  }
}

/** The archive file's stat; a missing path, a directory or a file this user cannot read is a NoInputError naming it. */
export async function requireArchiveFile(path: string): Promise<Stats> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new NoInputError(`backup file ${path} does not exist`, 'check the path; `ish-monitor backup list --dir DIR` shows the archives in a directory');
  if (!st.isFile()) throw new NoInputError(`${path} is not a file`, 'name an archive file');
  await access(path, constants.R_OK).catch((err: NodeJS.ErrnoException) => {
    throw new NoInputError(`backup file ${path} cannot be read (${err.code ?? err.message})`, 'run as a user that may read it (archives are written mode 0600)');
  });
  return st;
}

/** An archive opened for reading: its tar bytes, decompressed as they are read. */
export async function openArchive(path: string): Promise<{ tar: AsyncIterable<Uint8Array>; compression: Compression; size: number }> {
  const st = await requireArchiveFile(path);
  const compression = await sniffCompression(path);
  if (compression === 'zstd') requireZstd('archive', path);
  // 1 MB reads: fewer trips through the streams per byte.
  return { tar: decompressed(createReadStream(path, { highWaterMark: 1 << 20 }), compression), compression, size: st.size };
}

/** The tar bytes of an archive's (compressed) bytes. */
export function decompressed(file: AsyncIterable<Uint8Array>, compression: Compression): AsyncIterable<Uint8Array> {
  // The callback form: an error anywhere destroys the last stream with it, so reading it throws.
  // 256 KB inflated chunks: fewer trips through the zlib pool per byte.
  return compression === 'gzip' ? pipeline(file, createGunzip({ chunkSize: 1 << 18 }), () => {}) : compression === 'zstd' ? zstdDecompress(file) : file;
}

/** Opens `<path>.partial` for writing, new and mode 0600 (never an existing file). */
export async function createPartial(path: string): Promise<{ handle: FileHandle; partial: string }> {
  const partial = `${path}${partialSuffix}`;
  const handle = await open(partial, 'wx', 0o600);
  await handle.chmod(0o600);
  return { handle, partial };
}

/** Flushes a directory entry change (a rename) to disk; not every platform can, so failures are ignored. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  await fh?.sync().catch(() => undefined);
  await fh?.close();
}
