import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { followFile } from '../../../src/backup/follow-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ish-follow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A write that the test settles by hand. */
function pendingWrite() {
  let settle!: { done: () => void; failed: (e: Error) => void };
  const finished = new Promise<void>((done, failed) => (settle = { done, failed }));
  return { finished, settle };
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of it) out.push(b);
  return Buffer.concat(out);
}

describe('followFile', () => {
  it('reads a file while it grows, and everything written up to the end once the write is finished', async () => {
    const path = join(dir, 'grow');
    writeFileSync(path, '');
    const parts = [randomBytes(300_000), randomBytes(1_500_000), randomBytes(10)];
    const w = pendingWrite();
    const reading = collect(followFile(path, w.finished, 1 << 18));
    for (const p of parts) {
      await sleep(30);
      appendFileSync(path, p);
    }
    // The last bytes land just before the write is declared finished: they are read too.
    appendFileSync(path, 'tail');
    w.settle.done();
    expect((await reading).equals(Buffer.concat([...parts, Buffer.from('tail')]))).toBe(true);
  });

  it('throws instead of ending when the write failed, so a short file never passes for complete', async () => {
    const path = join(dir, 'failed');
    writeFileSync(path, 'some bytes');
    const w = pendingWrite();
    const reading = collect(followFile(path, w.finished));
    await sleep(30);
    w.settle.failed(new Error('disk full'));
    await expect(reading).rejects.toThrow(/the write of .*failed/);
  });
});
