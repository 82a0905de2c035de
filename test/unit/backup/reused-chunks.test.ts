import { describe, expect, it } from 'vitest';
import { ArchiveWriter } from '../../../src/backup/archive-writer.js';
import { readTar } from '../../../src/backup/tar-reader.js';

/** Yields `data` in chunks of `size` bytes that all live in one buffer, overwritten for every chunk (as the engine reader's ring). */
async function* reusing(data: Buffer, size: number): AsyncIterable<Uint8Array> {
  const buf = Buffer.alloc(size);
  for (let at = 0; at < data.length; at += size) {
    const n = data.copy(buf, 0, at, at + size);
    yield buf.subarray(0, n);
    buf.fill(0xee); // what a later read would leave there
  }
}

/** readTar over a source that reuses each chunk's memory once the next is asked for. */
describe('readTar over reused chunks', () => {
  it.each([100, 511, 700, 4096])('parses headers and bodies that span %i-byte chunks', async (size) => {
    const writer = new ArchiveWriter();
    const members = [
      ['a.txt', Buffer.from('x'.repeat(1000))],
      [`${'long/'.repeat(30)}name.bin`, Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251))],
      ['empty', Buffer.alloc(0)],
    ] as const;
    const parts: Buffer[] = [];
    for (const [path, body] of members) for await (const b of writer.bytesEntry(path, body, new Date(0))) parts.push(Buffer.from(b));
    for await (const b of writer.finish({} as never, new Date(0))) parts.push(Buffer.from(b));
    const got: [string, Buffer][] = [];
    for await (const e of readTar(reusing(Buffer.concat(parts), size), { strict: true })) {
      const body: Buffer[] = [];
      for await (const c of e.body) body.push(Buffer.from(c));
      got.push([e.path, Buffer.concat(body)]);
    }
    expect(got.slice(0, 3)).toEqual(members.map(([p, b]) => [p, b]));
  });
});
