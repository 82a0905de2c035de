import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveWriter, chunksOf } from '../../../src/backup/archive-writer.js';
import { openArchive } from '../../../src/backup/archive-file.js';
import { blockBytes, inBlocks } from '../../../src/backup/byte-blocks.js';
import { archiveFormat, archiveFormatVersion, headerOf, headerPath, type BackupHeader, type BackupManifest } from '../../../src/backup/manifest.js';
import { parallelGzip } from '../../../src/backup/parallel-gzip.js';
import { restoreStream } from '../../../src/backup/restore-stream.js';
import { readTar } from '../../../src/backup/tar-reader.js';
import { verifyArchive } from '../../../src/backup/verify-archive.js';

const dir = mkdtempSync(join(tmpdir(), 'ish-pgzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A complete ish-monitor archive (tar) holding `body` as one data file. */
async function* archiveTar(body: Buffer): AsyncGenerator<Buffer> {
  const w = new ArchiveWriter();
  const mtime = new Date('2026-01-02T03:04:05Z');
  const header: BackupHeader = { format: archiveFormat, formatVersion: archiveFormatVersion, toolVersion: '9.9.9', project: 'p', createdAt: mtime.toISOString(), compression: 'gzip', services: ['grafana'], volumes: ['grafana_data'] };
  const manifest: Omit<BackupManifest, 'entries'> = {
    ...header,
    finishedAt: mtime.toISOString(),
    composeFile: { name: 'config/compose/a.yml', sha256: '0'.repeat(64) },
    serviceDetails: [],
    volumeDetails: [],
    config: { prefix: 'config/', roots: [], entries: 0, bytes: 0 },
  };
  yield* w.bytesEntry(headerPath, Buffer.from(JSON.stringify(headerOf(header))), mtime);
  yield* w.entry({ fields: { path: 'volumes/grafana_data/fill', type: 'File', size: body.length, mode: 0o644, mtime }, body: chunksOf(body) });
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

describe('restoreStream', () => {
  async function verified(body: Buffer) {
    const v = await verifyArchive(archiveTar(body));
    expect(v.ok).toBe(true);
    return v;
  }
  const tally = () => ({ volume: '', bytes: 0, totalBytes: 0 });

  it('extracts the verified members under the volume name, bytes unchanged', async () => {
    const { whole } = mixed(2_000_000);
    const v = await verified(whole);
    const out = Buffer.concat(await collect(restoreStream(archiveTar(whole), v.manifest!.entries, ['grafana_data'], tally(), () => undefined)));
    const members: { path: string; body: Buffer }[] = [];
    for await (const e of readTar(chunksOf(out), { strict: true })) members.push({ path: e.path, body: Buffer.concat(await collect(e.body)) });
    expect(members.map((m) => m.path)).toEqual(['grafana_data/fill']);
    expect(members[0]!.body.equals(whole)).toBe(true);
  });

  it('a body changed since the verification (same size) fails the extraction naming the member', async () => {
    const { whole } = mixed(2_000_000);
    const v = await verified(whole);
    const changed = Buffer.from(whole);
    changed[1_500_000]! ^= 0x01;
    const run = collect(restoreStream(archiveTar(changed), v.manifest!.entries, ['grafana_data'], tally(), () => undefined));
    await expect(run).rejects.toThrow(/^volumes\/grafana_data\/fill: SHA-256 does not match the manifest: the archive changed since it was verified$/);
  });
});
