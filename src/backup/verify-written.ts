import { Readable } from 'node:stream';
import { decompressed } from './archive-file.js';
import type { Compression } from './manifest.js';
import { verifyArchive, type VerifyOutcome } from './verify-archive.js';
import { zstdTestFile } from './zstd-pipe.js';

/**
 * The check a backup makes of the archive it writes at `path`. gzip and uncompressed archives are
 * read back while they are written (`readBack()`: what followFile yields) and checked whole, every
 * entry against the manifest, as `backup verify` does. A zstd archive is tested once `written`
 * (complete and fsynced) with `zstd -t`: every frame must decode and match its content checksum, the
 * XXH64 of the bytes this process sent the compressor. That proves the file holds exactly the stream
 * whose SHA-256 sums the manifest records, without the gigabytes coming back through this process:
 * the full check cost ~4 CPU-s per GB on the two cores the fast mode is meant to spare, the test
 * ~0.7 CPU-s, while the last stopped service starts again (issue 6 benchmark); `backup verify`
 * still does the full check on demand. `entries` counts the archive's entries once the write is done;
 * `signal` (the user's interrupt) stops zstd's test.
 */
export async function verifyWritten(path: string, written: Promise<void>, compression: Compression, readBack: () => AsyncIterable<Buffer>, entries: () => number, signal?: AbortSignal): Promise<VerifyOutcome> {
  if (compression !== 'zstd') {
    // gunzip's stream reads ahead: at most two of the reused blocks queued.
    return verifyArchive(decompressed(compression === 'gzip' ? Readable.from(readBack(), { highWaterMark: 2 }) : readBack(), compression));
  }
  try {
    await written;
    await zstdTestFile(path, signal);
    return { ok: true, entries: entries(), bytes: 0 };
  } catch (err) {
    return { ok: false, problem: { entry: 'the zstd stream', reason: (err as Error).message }, entries: 0, bytes: 0 };
  }
}
