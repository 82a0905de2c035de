import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { BackupError } from './backup-error.js';

/** Node 20's zlib has no zstd: archives go through the host's `zstd` program, streamed through pipes. */
const program = 'zstd';

/** Whether the `zstd` program runs here. */
export function zstdAvailable(): boolean {
  return spawnSync(program, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Throws the error a user sees when zstd is asked for and the program is missing (`exit`: 64 for the option, 73 for an archive). */
export function requireZstd(what: 'option' | 'archive', path = ''): void {
  if (zstdAvailable()) return;
  const hint = 'install the zstd program (Debian: apt-get install zstd)';
  if (what === 'option') throw new UsageError('--compression zstd needs the zstd program, which is not on PATH', `${hint}, or use --compression gzip (the default) or none`);
  throw new BackupError(`${path} is zstd-compressed and the zstd program is not on PATH`, hint);
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

function run(args: string[], stdout: 'pipe' | 'ignore' | number = 'pipe'): { child: Child; done: Promise<void> } {
  const child = spawn(program, args, { stdio: ['pipe', stdout, 'pipe'] }) as Child;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      // Z_DATA_ERROR makes verify report damaged compressed data; ENOSPC the backup a full disk.
      else reject(Object.assign(new Error(`zstd ${signal ? `killed by ${signal}` : `exited ${code}`}: ${stderr.trim().split('\n').pop() ?? ''}`), { code: /no space left/i.test(stderr) ? 'ENOSPC' : 'Z_DATA_ERROR' }));
    });
  });
  done.catch(() => undefined);
  return { child, done };
}

/**
 * Compresses what `source` yields straight into the file open as `fd` (level 1 on every core): the
 * compressed bytes never pass through this process. Each chunk is written to the end before the
 * next is asked for, so `source` may reuse its memory. Resolves once zstd has written everything and
 * exited; rejects (zstd killed) when the source throws or `signal` aborts.
 */
export async function zstdCompressInto(source: AsyncIterable<Uint8Array>, fd: number, signal: AbortSignal): Promise<void> {
  // --check (zstd's default, said here because the backup's read-back relies on it): every frame
  // ends with the XXH64 of the bytes it holds.
  const { child, done } = run(['-q', '-1', '-T0', '--check', '-c'], fd);
  child.stdin.on('error', () => undefined); // reported to the write's callback
  const write = (chunk: Uint8Array) => new Promise<void>((resolve, reject) => child.stdin.write(chunk, (err) => (err ? reject(err) : resolve())));
  // An abort while a write waits for zstd: killing it ends the wait.
  const onAbort = () => child.kill();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of source) {
      signal.throwIfAborted();
      await write(chunk).catch(async (err: unknown) => {
        signal.throwIfAborted();
        // zstd stopped reading: its own failure (a full disk) says more than the broken pipe.
        await done;
        throw err;
      });
    }
    signal.throwIfAborted();
    child.stdin.end();
    await done;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Gone before this returns: a failed backup leaves no process writing into the partial file.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await done.catch(() => undefined);
    }
  }
}

/**
 * The decompressed bytes of `source`; throws at the end when zstd found the data damaged, and
 * throws the source's own error. Each chunk is written to the end before the next is asked for, so
 * `source` may reuse its memory. Stopping early kills zstd.
 */
export async function* zstdDecompress(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const { child, done } = run(['-q', '-d', '-c']);
  child.stdin.on('error', () => undefined); // EPIPE when zstd stops reading a damaged stream: reported by its exit code
  const feeding = (async () => {
    for await (const chunk of source) {
      const taken = await new Promise<boolean>((resolve) => child.stdin.write(chunk, (err) => resolve(!err)));
      if (!taken) return;
    }
    child.stdin.end();
  })();
  feeding.catch((err: Error) => child.stdout.destroy(err));
  try {
    yield* child.stdout;
    await done;
  } finally {
    if (child.exitCode === null) child.kill();
    await feeding.catch(() => undefined);
  }
}

/**
 * Tests the zstd file at `path` (`zstd -t`): resolves when every frame decodes and matches its
 * content checksum (the XXH64 of the bytes that were compressed), rejects with zstd's message when
 * one does not. The decompressed bytes never come to this process. `signal` stops the test (zstd
 * killed, the promise rejects): a large archive takes seconds.
 */
export async function zstdTestFile(path: string, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const { child, done } = run(['-q', '-t', '--', path], 'ignore');
  child.stdin.end();
  const stop = () => child.kill();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await done;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
