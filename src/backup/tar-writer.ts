import { Header, Pax, type HeaderData } from 'tar';
import { paddingOf } from './tar-reader.js';

/** What a written member's header says. */
export interface TarHeaderFields {
  path: string;
  type: string;
  size: number;
  mode: number;
  mtime: Date;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  linkpath?: string;
}

/** The header block(s) of one member: a PAX extended header first when a field does not fit ustar. */
export function encodeHeader(f: TarHeaderFields): Buffer {
  const data: HeaderData = {
    path: f.path,
    type: f.type as HeaderData['type'],
    size: f.size,
    mode: f.mode,
    mtime: f.mtime,
    uid: f.uid ?? 0,
    gid: f.gid ?? 0,
    uname: f.uname ?? '',
    gname: f.gname ?? '',
    linkpath: f.linkpath ?? '',
  };
  const h = new Header(data);
  const buf = Buffer.alloc(512);
  const needPax = h.encode(buf, 0);
  if (!needPax) return buf;
  const pax = new Pax({ path: f.path, linkpath: f.linkpath || undefined, size: f.size, mtime: f.mtime, uid: f.uid, gid: f.gid, uname: f.uname, gname: f.gname }).encode();
  return Buffer.concat([pax, buf]);
}

/** Zero bytes that round a body of `size` bytes up to whole blocks. */
export function padding(size: number): Buffer {
  return Buffer.alloc(paddingOf(size));
}

/** The end-of-archive marker: two zero blocks. */
export function endOfArchive(): Buffer {
  return Buffer.alloc(1024);
}
