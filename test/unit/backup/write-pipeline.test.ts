import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveWriter, chunksOf, type SourceEntry } from '../../../src/backup/archive-writer.js';
import { openArchive } from '../../../src/backup/archive-file.js';
import { blockBytes, inBlocks } from '../../../src/backup/byte-blocks.js';
import { archiveFormat, archiveFormatVersion, headerOf, headerPath, type BackupHeader, type BackupManifest } from '../../../src/backup/manifest.js';
import { parallelGzip } from '../../../src/backup/parallel-gzip.js';
import { extractionStream } from '../../../src/backup/restore-stream.js';
import { readTar } from '../../../src/backup/tar-reader.js';
import { verifyArchive } from '../../../src/backup/verify-archive.js';

const dir = mkdtempSync(join(tmpdir(), 'ish-pgzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const mtime = new Date('2026-01-02T03:04:05Z');
const header: BackupHeader = { format: archiveFormat, formatVersion: archiveFormatVersion, toolVersion: '9.9.9', project: 'p', createdAt: mtime.toISOString(), compression: 'gzip', services: ['grafana'], volumes: ['grafana_data'] };

/** A complete ish-monitor archive (tar) holding `body` as one data file of Grafana's volume, and `extra` members after it. */
async function* archiveTar(body: Buffer, extra: SourceEntry[] = []): AsyncGenerator<Buffer> {
  const w = new ArchiveWriter();
  const manifest: Omit<BackupManifest, 'entries'> = {
    ...header,
    finishedAt: mtime.toISOString(),
    composeFile: { name: 'config/compose/a.yml', sha256: '0'.repeat(64) },
    serviceDetails: [],
    volumeDetails: [{ volume: 'grafana_data', engineName: 'p_grafana_data', service: 'grafana', mountPath: '/var/lib/grafana', sourcePath: '/var/lib/grafana', prefix: 'volumes/grafana_data/', excluded: [], entries: 1 + extra.length, bytes: body.length }],
    config: { prefix: 'config/', roots: [], entries: 0, bytes: 0 },
  };
  yield* w.bytesEntry(headerPath, Buffer.from(JSON.stringify(headerOf(header))), mtime);
  yield* w.entry({ fields: { path: 'volumes/grafana_data/fill', type: 'File', size: body.length, mode: 0o644, mtime }, body: chunksOf(body) });
  for (const e of extra) yield* w.entry(e);
  yield* w.finish(manifest, mtime);
}

/** Half random, half repetitive text, in uneven chunks that straddle the block boundaries. */
function mixed(bytes: number): { whole: Buffer; chunks: Buffer[] } {
  const text = Buffer.alloc(bytes / 2, '{"level":"info","msg":"request completed","status":200}\n');
  const whole = Buffer.concat([randomBytes(bytes / 2), text]);
  const chunks: Buffer[] = [];
  for (let at = 0, n = 1; at < whole.length; at += n, n = (n * 7919) % 200_003 || 1) chunks.push(whole.subarray(at, at + n));
  return { whole, chunks };
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe('inBlocks', () => {
  it('regroups any chunking into full blocks and one short last block, bytes unchanged', async () => {
    const { whole, chunks } = mixed(3_000_000);
    const blocks = await collect(inBlocks(chunksOf(...chunks), blockBytes));
    expect(blocks.map((b) => b.length)).toEqual([blockBytes, blockBytes, 3_000_000 - 2 * blockBytes]);
    expect(Buffer.concat(blocks).equals(whole)).toBe(true);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await collect(inBlocks(chunksOf()))).toEqual([]);
  });

  it('with reuse, refills one buffer: right bytes for a consumer that copies each block before the next', async () => {
    const { whole, chunks } = mixed(3_000_000);
    const copies: Buffer[] = [];
    const memory = new Set<ArrayBufferLike>();
    for await (const b of inBlocks(chunksOf(...chunks), blockBytes, true)) {
      copies.push(Buffer.from(b));
      memory.add(b.buffer);
    }
    expect(Buffer.concat(copies).equals(whole)).toBe(true);
    expect(memory.size).toBe(1);
  });
});

describe('parallelGzip', () => {
  it('writes one gzip member per 1 MB block, in order, that gunzip, GNU gzip and Node read back whole', async () => {
    const { whole, chunks } = mixed(3_500_000);
    const gz = Buffer.concat(await collect(parallelGzip(1)(chunksOf(...chunks))));
    // Block 0 is all random: stored (level 0). Block 1 ends in text, blocks 2 and 3 are text: deflated.
    // (zlib cuts stored blocks to the output buffer: the same one-buffer-per-member size as parallelGzip.)
    const member = (b: Buffer, level: number) => gzipSync(b, { level, chunkSize: b.length + (64 << 10) });
    const members = [0, 1, 2, 3].map((i) => member(whole.subarray(i * blockBytes, (i + 1) * blockBytes), i === 0 ? 0 : 1));
    expect(gz.equals(Buffer.concat(members))).toBe(true);
    expect(gunzipSync(gz).equals(whole)).toBe(true);
    const gnu = spawnSync('gzip', ['-dc'], { input: gz, maxBuffer: 16 << 20 });
    expect(gnu.status).toBe(0);
    expect(gnu.stdout.equals(whole)).toBe(true);
  });

  it('an empty stream is one empty member', async () => {
    const gz = Buffer.concat(await collect(parallelGzip(1)(chunksOf())));
    expect(gunzipSync(gz).length).toBe(0);
  });

  it('a compression failure rejects the stream instead of ending it short', async () => {
    const { chunks } = mixed(2_200_000);
    await expect(collect(parallelGzip(42)(chunksOf(...chunks)))).rejects.toThrow(/level/i);
  });

  it('a multi-member archive verifies and GNU tar lists it; a flipped byte in a later member is named', async () => {
    const gz = Buffer.concat(await collect(parallelGzip(1)(archiveTar(mixed(3_000_000).whole))));
    const good = put('good.tar.gz', gz);
    expect(await verifyArchive((await openArchive(good)).tar)).toMatchObject({ ok: true, entries: 2 });
    const gnuTar = spawnSync('tar', ['-tzf', good], { encoding: 'utf8' });
    expect(gnuTar.status).toBe(0);
    expect(gnuTar.stdout.split('\n').filter(Boolean)).toEqual([headerPath, 'volumes/grafana_data/fill', 'manifest.json', 'manifest.json.sha256']);
    // Four fifths into the file lies past the first member, inside the data file's body.
    const bad = Buffer.from(gz);
    bad[Math.floor(bad.length * 0.8)]! ^= 0xff;
    const v = await verifyArchive((await openArchive(put('bad.tar.gz', bad))).tar);
    expect(v.ok).toBe(false);
    expect(v.problem?.entry).toBe('volumes/grafana_data/fill');
  });
});

describe('extractionStream', () => {
  const source = { path: '/b/p.tar', header, volumes: ['grafana_data'], incoming: '.in' };
  const tally = () => ({ volume: '', bytes: 0 });
  /** What the stream yields, and how it ended (the manifest it returns, or the error it throws). */
  async function extract(archive: AsyncIterable<Uint8Array>, src = source) {
    const out: Buffer[] = [];
    const gen = extractionStream(archive, src, tally(), () => undefined);
    try {
      for (;;) {
        const step = await gen.next();
        if (step.done) return { out: Buffer.concat(out), manifest: step.value };
        out.push(Buffer.from(step.value));
      }
    } catch (error) {
      return { out: Buffer.concat(out), error: error as Error };
    }
  }
  async function members(tar: Buffer) {
    const found: { path: string; body: Buffer }[] = [];
    for await (const e of readTar(chunksOf(tar), { strict: true })) found.push({ path: e.path, body: Buffer.concat(await collect(e.body)) });
    return found;
  }

  it('reads and checks the whole archive once, yielding the volume\'s members under <volume>/<incoming>/, bytes unchanged; returns the manifest', async () => {
    const { whole } = mixed(2_000_000);
    const r = await extract(archiveTar(whole));
    expect(r.error).toBeUndefined();
    expect(r.manifest!.entries.map((e) => e.path)).toEqual([headerPath, 'volumes/grafana_data/fill']);
    const found = await members(r.out);
    expect(found.map((m) => m.path)).toEqual(['grafana_data/.in/fill']);
    expect(found[0]!.body.equals(whole)).toBe(true);
  });

  it('a flipped byte: the member goes out, but the stream throws naming it before the end-of-archive marker, so the extraction never completes', async () => {
    const { whole } = mixed(2_000_000);
    const tar = Buffer.concat(await collect(archiveTar(whole)));
    const changed = Buffer.from(tar);
    changed[tar.indexOf(whole.subarray(0, 64)) + 1_500_000]! ^= 0x01;
    const good = await extract(chunksOf(tar));
    const bad = await extract(chunksOf(changed));
    expect(bad.error?.message).toBe('backup /b/p.tar is damaged: volumes/grafana_data/fill: SHA-256 does not match the manifest');
    // Everything but the last two zero blocks.
    expect(bad.out.length).toBe(good.out.length - 1024);
  });

  it('a symbolic link out of the volume is refused before any byte of it (or of what follows) is yielded', async () => {
    const { whole } = mixed(100_000);
    const escape: SourceEntry = { fields: { path: 'volumes/grafana_data/escape', type: 'SymbolicLink', size: 0, mode: 0o777, mtime, linkpath: '../../etc' } };
    const after: SourceEntry = { fields: { path: 'volumes/grafana_data/later', type: 'File', size: 3, mode: 0o644, mtime }, body: chunksOf(Buffer.from('abc')) };
    const r = await extract(archiveTar(whole, [escape, after]));
    expect(r.error?.message).toBe('refusing to restore /b/p.tar: volumes/grafana_data/escape: symbolic link to ../../etc points out of the volume');
    expect((await members(Buffer.concat([r.out, Buffer.alloc(1024)]))).map((m) => m.path)).toEqual(['grafana_data/.in/fill']);
  });

  it('a header other than the one the plan was made from is named', async () => {
    const r = await extract(archiveTar(mixed(1000).whole), { ...source, header: { ...header, volumes: ['grafana_data', 'prometheus_data'] } });
    expect(r.error?.message).toBe(`backup /b/p.tar is damaged: ${headerPath}: changed while restore was reading the archive`);
  });
});
