import { crc32 } from 'node:zlib';
import { readTar, TarFormatError } from './tar-reader.js';

/** Length and CRC-32 of a tar byte stream: what the backup wrote, to compare with what it reads back. */
export interface StreamTally {
  bytes: number;
  crc32: number;
}

/** A new, empty tally. */
export function newTally(): StreamTally {
  return { bytes: 0, crc32: 0 };
}

/** Passes a byte stream through unchanged, adding each chunk to `tally`. */
export async function* tallied<T extends Uint8Array>(source: AsyncIterable<T>, tally: StreamTally): AsyncGenerator<T> {
  for await (const chunk of source) {
    tally.bytes += chunk.length;
    tally.crc32 = crc32(chunk, tally.crc32);
    yield chunk;
  }
}

/**
 * Reads a written archive back (decompressed) and compares it with the tar stream that was written:
 * the same length and CRC-32, a well-formed tar with its end marker and zero padding, and the
 * compressor's own checks (gzip's CRC-32 per member, zstd's frame checksum). Equal bytes carry
 * the SHA-256 of every member the manifest lists, computed from the engine's stream as they were
 * written, so they need not be hashed again here (`backup verify` does that). Returns what is wrong,
 * or undefined; the members read on the way are counted in `members`.
 */
export async function readBack(tar: AsyncIterable<Uint8Array>, written: StreamTally): Promise<{ problem?: string; members: number }> {
  const got = newTally();
  let members = 0;
  let last = '(start of archive)';
  try {
    // Bodies are left unread: the reader skips them, and the tally sees every byte anyway.
    for await (const e of readTar(tallied(tar, got), { strict: true })) {
      members += 1;
      last = e.path;
    }
  } catch (err) {
    const where = err instanceof TarFormatError && err.entry ? err.entry : last;
    return { problem: `${where}: ${(err as Error).message}`, members };
  }
  if (got.bytes !== written.bytes) return { problem: `${got.bytes} bytes read back, ${written.bytes} written`, members };
  if (got.crc32 !== written.crc32) return { problem: 'the bytes read back differ from the bytes written (CRC-32)', members };
  return { members };
}
