import { createHash } from 'node:crypto';
import { BackupError } from './backup-error.js';
import { manifestDigestPath, manifestPath, type BackupManifest, type ManifestEntry } from './manifest.js';
import { encodeHeader, endOfArchive, padding, type TarHeaderFields } from './tar-writer.js';

/** A member to write: header fields and, for files, a body of exactly `fields.size` bytes. */
export interface SourceEntry {
  fields: TarHeaderFields;
  body?: AsyncIterable<Uint8Array>;
}

/** Running totals of the bytes written, for progress. */
export interface WriteTally {
  entries: number;
  bytes: number;
}

/**
 * Turns members into tar bytes, hashing each body on the way, and remembers every member for the
 * manifest that closes the archive. Nothing is buffered beyond the chunk in hand.
 */
export class ArchiveWriter {
  readonly entries: ManifestEntry[] = [];
  readonly tally: WriteTally = { entries: 0, bytes: 0 };

  /** The bytes of one member; throws BackupError when the body is not the size its header declared. */
  async *entry(e: SourceEntry): AsyncIterable<Buffer> {
    const f = e.fields;
    yield encodeHeader(f);
    const hash = createHash('sha256');
    let got = 0;
    if (e.body) {
      for await (const chunk of e.body) {
        got += chunk.length;
        if (got > f.size) break;
        hash.update(chunk);
        this.tally.bytes += chunk.length;
        yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    }
    if (got !== f.size) throw new BackupError(`${f.path} changed while it was copied (${got} bytes read, ${f.size} expected)`, 'run the backup again');
    yield padding(f.size);
    this.entries.push({ path: f.path, type: f.type, size: f.size, sha256: hash.digest('hex'), ...(f.linkpath ? { linkpath: f.linkpath } : {}) });
    this.tally.entries += 1;
  }

  /** A member whose body is the given bytes. */
  bytesEntry(path: string, body: Buffer, mtime: Date): AsyncIterable<Buffer> {
    return this.entry({ fields: { path, type: 'File', size: body.length, mode: 0o600, mtime }, body: chunksOf(body) });
  }

  /** manifest.json (with every member written so far), its digest, and the end-of-archive marker. */
  async *finish(manifest: Omit<BackupManifest, 'entries'>, mtime: Date): AsyncIterable<Buffer> {
    const text = Buffer.from(`${JSON.stringify({ ...manifest, entries: this.entries }, null, 1)}\n`);
    const digest = createHash('sha256').update(text).digest('hex');
    const entriesBefore = this.entries.length;
    yield* this.bytesEntry(manifestPath, text, mtime);
    yield* this.bytesEntry(manifestDigestPath, Buffer.from(`${digest}  ${manifestPath}\n`), mtime);
    // The manifest does not list itself.
    this.entries.length = entriesBefore;
    yield endOfArchive();
  }
}

/** An async iterable over a fixed list of chunks. */
export async function* chunksOf(...chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* chunks;
}
