import { Header, Pax, type HeaderData } from 'tar';
import { ByteReader } from './byte-reader.js';

const block = 512;
const maxMetaBytes = 1 << 20;

/** One member of a tar stream; `body` must be read (or left) before asking for the next. */
export interface TarEntry {
  path: string;
  /** tar's type name: File, Directory, SymbolicLink, Link, ... */
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: Date;
  linkpath: string;
  body: AsyncIterable<Buffer>;
}

/** The tar stream is malformed; `entry` names the member at fault, or the last good one. */
export class TarFormatError extends Error {
  /** `entry` is the member name to report; `where` says whether it is that member or the one after it. */
  constructor(
    message: string,
    readonly entry: string | undefined,
    readonly where: 'in' | 'after',
  ) {
    super(message);
  }
}

/** Padding bytes after a body of `size` bytes. */
export function paddingOf(size: number): number {
  return (block - (size % block)) % block;
}

async function readMeta(reader: ByteReader, size: number, last: string | undefined): Promise<string> {
  if (size > maxMetaBytes) throw new TarFormatError(`an extended header of ${size} bytes is too large`, last, 'after');
  const body = await reader.read(size + paddingOf(size));
  if (body.length < size + paddingOf(size)) throw new TarFormatError('the archive ends inside an extended header (truncated)', last, 'after');
  return body.subarray(0, size).toString('utf8');
}

/**
 * Reads a tar stream member by member, keeping one chunk in memory. A stream without the
 * end-of-archive marker is truncated, always; `strict` (for our own archives) also demands zero
 * padding and nothing but zeros after the marker.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>, opts: { strict: boolean }): AsyncIterable<TarEntry> {
  const reader = new ByteReader(source);
  try {
    yield* members(reader, opts);
  } finally {
    // A consumer that stops early (the header alone, the first bad member) lets go of the source.
    await reader.close();
  }
}

async function* members(reader: ByteReader, opts: { strict: boolean }): AsyncIterable<TarEntry> {
  let ex: HeaderData | undefined;
  let gex: HeaderData | undefined;
  let last: string | undefined;
  for (;;) {
    const raw = await reader.read(block);
    if (raw.length < block) throw new TarFormatError('the archive ends in the middle of a header (truncated)', last, 'after');
    if (raw.every((b) => b === 0)) {
      const second = await reader.read(block);
      if (second.length < block || (opts.strict && !second.every((b) => b === 0))) {
        throw new TarFormatError('the end-of-archive marker is damaged', last, 'after');
      }
      if (opts.strict && !(await reader.restIsZero())) throw new TarFormatError('data follows the end-of-archive marker', last, 'after');
      return;
    }
    let h: Header;
    try {
      h = new Header(raw, 0, ex, gex);
    } catch (err) {
      // node-tar throws on numeric fields it cannot decode (base-256 garbage): not a tar header.
      throw new TarFormatError(`damaged tar header at byte ${reader.position - block} (${(err as Error).message})`, last, 'after');
    }
    if (!h.cksumValid) throw new TarFormatError(`damaged tar header at byte ${reader.position - block} (checksum mismatch)`, last, 'after');
    const size = h.size ?? 0;
    const type = h.type;
    if (type === 'ExtendedHeader' || type === 'OldExtendedHeader') {
      ex = Pax.parse(await readMeta(reader, size, last), ex, false);
      continue;
    }
    if (type === 'GlobalExtendedHeader') {
      gex = Pax.parse(await readMeta(reader, size, last), gex, true);
      continue;
    }
    if (type === 'NextFileHasLongPath' || type === 'NextFileHasLongLinkpath') {
      const value = (await readMeta(reader, size, last)).replace(/\0.*$/s, '');
      ex = { ...ex, [type === 'NextFileHasLongPath' ? 'path' : 'linkpath']: value };
      continue;
    }
    ex = undefined;
    const path = h.path ?? '';
    // Only regular files carry a body here; a size on a link or directory header is not data.
    const bodySize = type === 'File' || type === 'OldFile' || type === 'ContiguousFile' ? size : 0;
    const bodyStart = reader.position;
    yield {
      path,
      type,
      size: bodySize,
      mode: h.mode ?? 0,
      uid: h.uid ?? 0,
      gid: h.gid ?? 0,
      uname: h.uname ?? '',
      gname: h.gname ?? '',
      mtime: h.mtime ?? new Date(0),
      linkpath: h.linkpath ?? '',
      body: reader.chunks(bodySize),
    };
    // Skip what the consumer left unread.
    await reader.skip(bodyStart + bodySize - reader.position);
    const consumed = reader.position - bodyStart;
    if (consumed < bodySize) throw new TarFormatError(`the archive ends inside ${path} (truncated: ${consumed} of ${bodySize} bytes)`, path, 'in');
    const pad = await reader.read(paddingOf(bodySize));
    if (pad.length < paddingOf(bodySize)) throw new TarFormatError(`the archive ends after ${path} (truncated)`, path, 'after');
    if (opts.strict && pad.some((b) => b !== 0)) throw new TarFormatError(`non-zero padding after ${path}`, path, 'in');
    last = path;
  }
}
