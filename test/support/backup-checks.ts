import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { docker } from './docker-cli.js';
import type { CliRun } from './run-cli.js';

/** When the container last started (changes when it is stopped and started again). */
export const startedAt = (id: string) => docker('inspect', '--format', '{{.State.StartedAt}}', id);
/** Whether the container runs. */
export const running = (id: string) => docker('inspect', '--format', '{{.State.Running}}', id) === 'true';
/** The `error:` lines of a CLI run's stderr. */
export const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

/** Waits until Prometheus answers `query` with at least one series whose value reaches `min`. */
export async function waitForSamples(port: number, query: string, min: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data: { result: { value: [number, string] }[] } };
    if (res.data.result.some((r) => Number(r.value[1]) >= min)) return;
    if (Date.now() > deadline) throw new Error(`Prometheus has no series with ${query} >= ${min} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Runs `backup --output DIR --json ARGS` through `cli` and returns the archive's path; throws with stderr when it fails. */
export async function backupInto(cli: (...args: string[]) => Promise<CliRun>, dir: string, ...args: string[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const r = await cli('backup', '--output', dir, ...args, '--json');
  if (r.code !== 0) throw new Error(`backup exited ${r.code}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { file: string }).file;
}

/** Writes a copy of `src` to `dest` with the byte at `at` (default: the middle one) inverted. */
export function copyWithFlippedByte(src: string, dest: string, at?: number): void {
  const bytes = readFileSync(src);
  bytes[at ?? Math.floor(bytes.length / 2)]! ^= 0xff;
  writeFileSync(dest, bytes);
}
