import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often a reader that caught up with the writer looks again. */
const pollMs = 20;

/**
 * The bytes of a file that another stream is still writing, read through a descriptor of its own
 * as they reach the file (what a read after the write returns: the kernel's copy of the file, not
 * the writer's buffers). Ends at the end of the file once `finished` resolves; throws when it rejects.
 * With `reuse`, every read goes into the same buffer, once the next is asked for (no allocation per read).
 */
export async function* followFile(path: string, finished: Promise<unknown>, chunkBytes = 1 << 20, reuse = false): AsyncGenerator<Buffer> {
  const writer: { state: 'writing' | 'done' | 'failed' } = { state: 'writing' };
  finished.then(
    () => (writer.state = 'done'),
    () => (writer.state = 'failed'),
  );
  const fh = await open(path, 'r');
  let buf: Buffer | undefined;
  try {
    for (let pos = 0; ; ) {
      // Read before looking at `state` again: a write that ends meanwhile is read on the next turn.
      const before = writer.state;
      if (before === 'failed') throw new Error(`the write of ${path} failed`);
      if (!reuse || !buf) buf = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
      } else if (before === 'done') {
        return;
      } else {
        await Promise.race([finished.catch(() => undefined), sleep(pollMs)]);
      }
    }
  } finally {
    await fh.close();
  }
}
