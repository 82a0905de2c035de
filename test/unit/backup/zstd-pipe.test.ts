import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chunksOf } from '../../../src/backup/archive-writer.js';
import { inBlocks } from '../../../src/backup/byte-blocks.js';
import { followFile } from '../../../src/backup/follow-file.js';
import { zstdCompressInto, zstdDecompress, zstdTestFile } from '../../../src/backup/zstd-pipe.js';

const dir = mkdtempSync(join(tmpdir(), 'ish-zstd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs zstdCompressInto into a new file; returns the file's path. */
async function compressInto(name: string, source: AsyncIterable<Uint8Array>, signal = new AbortController().signal): Promise<string> {
  const path = join(dir, name);
  const fh = await open(path, 'wx', 0o600);
  try {
    await zstdCompressInto(source, fh.fd, signal);
  } finally {
    await fh.close();
  }
  return path;
}

/** Whether any zstd process still runs with this test process as its parent. */
function zstdChildren(): string[] {
  const ps = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => /\bzstd\b/.test(l));
}

describe('zstdCompressInto', () => {
  it('writes a zstd stream of the bytes straight into the file, that the zstd program decompresses whole', async () => {
    const body = Buffer.concat([randomBytes(1_500_000), Buffer.alloc(1_500_000, 'a log line\n')]);
    const path = await compressInto('ok.zst', chunksOf(body.subarray(0, 1_000_001), body.subarray(1_000_001)));
    const d = spawnSync('zstd', ['-q', '-d', '-c', path], { maxBuffer: 16 << 20 });
    expect(d.status).toBe(0);
    expect(d.stdout.equals(body)).toBe(true);
    expect(readFileSync(path).length).toBeLessThan(body.length);
  });

  it('writes each chunk whole before asking for the next: a source that refills one buffer comes out intact', async () => {
    const body = Buffer.concat([randomBytes(1_500_000), Buffer.alloc(1_500_000, 'a log line\n')]);
    const path = await compressInto('reused.zst', inBlocks(chunksOf(body), 256 << 10, true));
    const d = spawnSync('zstd', ['-q', '-d', '-c', path], { maxBuffer: 16 << 20 });
    expect(d.stdout.equals(body)).toBe(true);
  });

  it('zstdDecompress reads a source that refills one buffer (the read-back of a backup) whole', async () => {
    const body = Buffer.concat([randomBytes(700_000), Buffer.alloc(900_000, 'a log line\n')]);
    const path = await compressInto('readback.zst', chunksOf(body));
    const out: Buffer[] = [];
    for await (const c of zstdDecompress(followFile(path, Promise.resolve(), 64 << 10, true))) out.push(Buffer.from(c));
    expect(Buffer.concat(out).equals(body)).toBe(true);
  });

  it('a source that throws rejects with its error and leaves no zstd process behind', async () => {
    async function* failing() {
      yield randomBytes(200_000);
      throw new Error('engine stream broke');
    }
    await expect(compressInto('fail.zst', failing())).rejects.toThrow('engine stream broke');
    expect(zstdChildren()).toEqual([]);
  });

  it('a full disk (/dev/full) rejects with ENOSPC, which the backup reports as no space left', async () => {
    const fh = await open('/dev/full', 'w');
    try {
      await expect(zstdCompressInto(chunksOf(randomBytes(300_000)), fh.fd, new AbortController().signal)).rejects.toMatchObject({ code: 'ENOSPC' });
    } finally {
      await fh.close();
    }
  });

  it('an abort rejects and stops zstd', async () => {
    const ac = new AbortController();
    async function* endless() {
      for (;;) {
        yield randomBytes(100_000);
        ac.abort();
      }
    }
    await expect(compressInto('abort.zst', endless(), ac.signal)).rejects.toThrow(/abort/i);
    expect(zstdChildren()).toEqual([]);
  });
});

describe('zstdTestFile (the check of a zstd backup once written)', () => {
  const body = Buffer.concat([randomBytes(1_200_000), Buffer.alloc(800_000, 'a log line\n')]);
  const written = compressInto('tested.zst', chunksOf(body));
  const damaged = async (name: string, change: (b: Buffer) => Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, change(readFileSync(await written)));
    return path;
  };

  it('resolves for the stream zstdCompressInto wrote', async () => {
    await expect(zstdTestFile(await written)).resolves.toBeUndefined();
  });

  it('rejects a flipped byte inside stored random data, which only the content checksum can see', async () => {
    // Random data is stored uncompressed: the frame still decodes, to other bytes.
    const path = await damaged('flipped.zst', (b) => {
      const copy = Buffer.from(b);
      copy[600_000] = copy[600_000]! ^ 0x01;
      return copy;
    });
    expect(spawnSync('zstd', ['-q', '-d', '--no-check', '-c', path], { maxBuffer: 16 << 20 }).status).toBe(0);
    await expect(zstdTestFile(path)).rejects.toThrow(/zstd exited 1: .*checksum/i);
  });

  it('rejects a stream cut short', async () => {
    const path = await damaged('cut.zst', (b) => b.subarray(0, b.length - 1000));
    await expect(zstdTestFile(path)).rejects.toThrow(/zstd exited 1/);
  });

  it('an abort (Ctrl-C during the check) kills zstd and rejects', async () => {
    const ac = new AbortController();
    const testing = zstdTestFile(await written, ac.signal);
    ac.abort();
    await expect(testing).rejects.toThrow(/zstd killed by SIGTERM/);
    expect(zstdChildren()).toEqual([]);
    await expect(zstdTestFile(await written, ac.signal)).rejects.toThrow(/abort/i);
  });
});
