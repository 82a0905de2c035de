import { availableParallelism } from 'node:os';
import { deflateRaw, gzip, type ZlibOptions } from 'node:zlib';
import { blockBytes, inBlocks } from './byte-blocks.js';

// libuv's pool (4 threads by default) also serves file writes: one thread stays free for them.
const defaultJobs = Math.max(1, Math.min(availableParallelism(), 3));

const sliceBytes = 16 << 10;
/** A sample that deflates to more than this share of its size marks its block incompressible. */
const storeAbove = 0.97;

function run<T extends ZlibOptions>(fn: (buf: Buffer, opts: T, cb: (err: Error | null, out: Buffer) => void) => void, buf: Buffer, opts: T): Promise<Buffer> {
  return new Promise((resolve, reject) => fn(buf, opts, (err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * The level for one block: `level`, or 0 (stored) when three 16 KB slices of it (start, middle,
 * end) do not shrink: already-compressed data (TSDB chunks, images, archives) gains nothing from
 * deflate, which would spend most of its time there searching for matches it does not find.
 */
async function levelFor(block: Buffer, level: number): Promise<number> {
  if (level === 0 || block.length < 4 * sliceBytes) return level;
  const mid = (block.length - sliceBytes) >> 1;
  const sample = Buffer.concat([block.subarray(0, sliceBytes), block.subarray(mid, mid + sliceBytes), block.subarray(block.length - sliceBytes)]);
  const out = await run(deflateRaw, sample, { level });
  return out.length > sample.length * storeAbove ? 0 : level;
}

async function compress(block: Buffer, level: number): Promise<Buffer> {
  // One output buffer for the whole member: a single trip to the pool per block.
  return run(gzip, block, { level: await levelFor(block, level), chunkSize: block.length + (64 << 10) });
}

/**
 * Compresses a byte stream pigz-style: blocks of 1 MB (the lost cross-block matches cost ~0.1 %)
 * are deflated at the same time on libuv's thread pool (one per core, at most three) and written
 * in order, each a complete gzip member; incompressible blocks are stored (see levelFor). The result is an ordinary multi-member .gz file (RFC 1952
 * section 2.2) that gunzip, GNU tar and Node's zlib read as one stream. Memory: a few blocks in flight.
 */
export function parallelGzip(level: number, jobs = defaultJobs): (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    const pending: Promise<Buffer>[] = [];
    let members = 0;
    const submit = (block: Buffer) => {
      const job = compress(block, level);
      job.catch(() => undefined); // awaited in order below; an early failure must not go unhandled meanwhile
      pending.push(job);
      members += 1;
    };
    for await (const block of inBlocks(source, blockBytes)) {
      submit(block);
      while (pending.length >= jobs) yield await pending.shift()!;
    }
    // An empty stream is still one (empty) gzip member, as gzip writes it.
    if (members === 0) submit(Buffer.alloc(0));
    while (pending.length > 0) yield await pending.shift()!;
  };
}
