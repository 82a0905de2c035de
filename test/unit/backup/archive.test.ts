import { gunzipSync, gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ArchiveWriter, chunksOf, type SourceEntry } from '../../../src/backup/archive-writer.js';
import { archiveFormat, archiveFormatVersion, headerOf, headerPath, manifestPath, type BackupHeader, type BackupManifest } from '../../../src/backup/manifest.js';
import { readHeader, verifyArchive } from '../../../src/backup/verify-archive.js';

const mtime = new Date('2026-01-02T03:04:05Z');
const base: BackupHeader = {
  format: archiveFormat,
  formatVersion: archiveFormatVersion,
  toolVersion: '9.9.9',
  project: 'proj',
  createdAt: mtime.toISOString(),
  compression: 'none',
  services: ['prometheus'],
  volumes: ['prometheus_data'],
};

const longPath = `volumes/prometheus_data/${'d'.repeat(120)}/chunks/000001`;
const big = Buffer.alloc(200_000, 7);
for (let i = 0; i < big.length; i += 997) big[i] = i % 251;

function file(path: string, body: Buffer): SourceEntry {
  return { fields: { path, type: 'File', size: body.length, mode: 0o644, mtime }, body: chunksOf(body.subarray(0, 1000), body.subarray(1000)) };
}

/** A complete archive in memory, plus where each member's body starts. */
async function buildArchive(opts: { finish?: boolean } = {}): Promise<{ bytes: Buffer; offsets: Map<string, number> }> {
  const w = new ArchiveWriter();
  const parts: Buffer[] = [];
  const offsets = new Map<string, number>();
  let pos = 0;
  const add = async (path: string, it: AsyncIterable<Buffer>) => {
    let first = true;
    for await (const b of it) {
      parts.push(b);
      pos += b.length;
      if (first) offsets.set(path, pos); // the body follows the first chunk (the header)
      first = false;
    }
  };
  await add(headerPath, w.bytesEntry(headerPath, Buffer.from(JSON.stringify(headerOf(base))), mtime));
  await add('config/compose/a.yml', w.entry(file('config/compose/a.yml', Buffer.from('services: {}\n'))));
  await add('volumes/prometheus_data/', w.entry({ fields: { path: 'volumes/prometheus_data/', type: 'Directory', size: 0, mode: 0o755, mtime } }));
  await add('volumes/prometheus_data/big', w.entry(file('volumes/prometheus_data/big', big)));
  await add(longPath, w.entry(file(longPath, Buffer.from('long name body'))));
  await add('volumes/prometheus_data/link', w.entry({ fields: { path: 'volumes/prometheus_data/link', type: 'SymbolicLink', size: 0, mode: 0o777, mtime, linkpath: 'big' } }));
  await add('volumes/prometheus_data/hard', w.entry({ fields: { path: 'volumes/prometheus_data/hard', type: 'Link', size: 0, mode: 0o644, mtime, linkpath: 'volumes/prometheus_data/big' } }));
  if (opts.finish !== false) {
    const m: Omit<BackupManifest, 'entries'> = {
      ...base,
      finishedAt: mtime.toISOString(),
      composeFile: { name: 'config/compose/a.yml', sha256: '0'.repeat(64) },
      serviceDetails: [],
      volumeDetails: [],
      config: { prefix: 'config/', roots: ['compose'], entries: 1, bytes: 13 },
    };
    await add(manifestPath, w.finish(m, mtime));
  } else {
    parts.push(Buffer.alloc(1024));
  }
  return { bytes: Buffer.concat(parts), offsets };
}

const verify = (b: Buffer) => verifyArchive(chunksOf(b.subarray(0, 4096), b.subarray(4096)));

describe('archive writing and verification', () => {
  it('a complete archive verifies, with every member checked', async () => {
    const { bytes } = await buildArchive();
    const v = await verify(bytes);
    expect(v.problem).toBeUndefined();
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(7);
    expect(v.manifest!.entries.map((e) => e.path)).toContain(longPath);
    expect(v.manifest!.entries.find((e) => e.path === 'volumes/prometheus_data/big')!.size).toBe(big.length);
    expect(v.header!.project).toBe('proj');
  });

  it('reads the header from the first member only', async () => {
    const { bytes } = await buildArchive();
    expect((await readHeader(chunksOf(bytes.subarray(0, 2048)))).services).toEqual(['prometheus']);
  });

  it('reading the header alone lets go of the source (a decompressor behind it is stopped)', async () => {
    const { bytes } = await buildArchive();
    let closed = false;
    async function* source() {
      try {
        yield* chunksOf(bytes);
      } finally {
        closed = true;
      }
    }
    expect((await readHeader(source())).project).toBe('proj');
    expect(closed).toBe(true);
  });

  it('a foreign tar is named from its first member\'s header, before that member\'s body is read', async () => {
    let yielded = 0;
    async function* body() {
      for (let i = 0; i < 64; i++, yielded++) yield Buffer.alloc(1 << 20, i);
    }
    const w = new ArchiveWriter();
    const foreign = w.entry({ fields: { path: 'disk.img', type: 'File', size: 64 << 20, mode: 0o644, mtime }, body: body() });
    await expect(readHeader(foreign)).rejects.toThrow('disk.img: the first member should be ish-monitor-backup.json: not an ish-monitor backup');
    expect(yielded).toBeLessThan(4);
  });

  it('a flipped byte in a body names that member', async () => {
    const { bytes, offsets } = await buildArchive();
    const copy = Buffer.from(bytes);
    copy[offsets.get('volumes/prometheus_data/big')! + 12_345]! ^= 0xff;
    const v = await verify(copy);
    expect(v.ok).toBe(false);
    expect(v.problem).toEqual({ entry: 'volumes/prometheus_data/big', reason: 'SHA-256 does not match the manifest' });
  });

  it('a flipped byte in a long-named member names it by its full path', async () => {
    const { bytes, offsets } = await buildArchive();
    const copy = Buffer.from(bytes);
    copy[offsets.get(longPath)! + 2]! ^= 1;
    expect((await verify(copy)).problem?.entry).toBe(longPath);
  });

  it('a damaged header block is named by the member before it', async () => {
    const { bytes, offsets } = await buildArchive();
    const copy = Buffer.from(bytes);
    // The header of "link" starts right after long name body's padded block.
    copy[offsets.get(longPath)! + 512 + 10]! ^= 1;
    const v = await verify(copy);
    expect(v.ok).toBe(false);
    expect(v.problem!.entry).toBe(longPath);
    expect(v.problem!.reason).toMatch(/after this member: damaged tar header/);
  });

  it('a damaged manifest is named as manifest.json', async () => {
    const { bytes, offsets } = await buildArchive();
    const copy = Buffer.from(bytes);
    copy[offsets.get(manifestPath)! + 40]! ^= 1;
    const v = await verify(copy);
    expect(v.problem?.entry).toBe(manifestPath);
  });

  it('a truncated archive is refused, naming where it ends', async () => {
    const { bytes, offsets } = await buildArchive();
    const cut = bytes.subarray(0, offsets.get('volumes/prometheus_data/big')! + 5000);
    const v = await verify(cut);
    expect(v.ok).toBe(false);
    expect(v.problem!.entry).toBe('volumes/prometheus_data/big');
    expect(v.problem!.reason).toMatch(/truncated/);
  });

  it('an archive cut at a member boundary is refused (no end marker)', async () => {
    const { bytes, offsets } = await buildArchive();
    const v = await verify(bytes.subarray(0, offsets.get(manifestPath)! - 512));
    expect(v.ok).toBe(false);
    expect(v.problem!.reason).toMatch(/truncated/);
  });

  it('an archive without manifest is refused', async () => {
    const { bytes } = await buildArchive({ finish: false });
    const v = await verify(bytes);
    expect(v.ok).toBe(false);
    expect(v.problem!.entry).toBe(manifestPath);
    expect(v.problem!.reason).toMatch(/missing/);
  });

  it('a tar that is not ours is refused naming its first member', async () => {
    const w = new ArchiveWriter();
    const parts: Buffer[] = [];
    for await (const b of w.entry(file('etc/passwd', Buffer.from('root:x:0:0')))) parts.push(b);
    parts.push(Buffer.alloc(1024));
    const v = await verify(Buffer.concat(parts));
    expect(v.problem?.entry).toBe('etc/passwd');
    expect(v.problem?.reason).toMatch(/not an ish-monitor backup/);
  });

  it('gzip: a good archive verifies through gunzip; a truncated one names the member being read', async () => {
    const { bytes } = await buildArchive();
    const gz = gzipSync(bytes, { level: 1 });
    expect(gunzipSync(gz).equals(bytes)).toBe(true);
    const through = (b: Buffer) => pipeline(Readable.from([b]), createGunzip(), () => {});
    expect((await verifyArchive(through(gz))).ok).toBe(true);
    const v = await verifyArchive(through(gz.subarray(0, Math.floor(gz.length * 0.6))));
    expect(v.ok).toBe(false);
    expect(v.problem!.entry).toMatch(/^volumes\/prometheus_data\//);
  });

  it('a body shorter than its header says is a BackupError naming the member', async () => {
    const w = new ArchiveWriter();
    const run = async () => {
      for await (const _ of w.entry({ fields: { path: 'config/x', type: 'File', size: 10, mode: 0o644, mtime }, body: chunksOf(Buffer.from('abc')) })) void _;
    };
    await expect(run()).rejects.toThrow(/config\/x changed while it was copied/);
  });
});
