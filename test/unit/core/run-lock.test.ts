import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireRunLock, LockTimeoutError } from '../../../src/core/run-lock.js';
import { ExitCode } from '../../../src/errors.js';
import type { Clock } from '../../../src/health/clock.js';

/** A clock that advances only when slept on. */
function fakeClock(): Clock {
  let t = Date.parse('2026-01-01T00:00:00Z');
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

describe('acquireRunLock (real lock files)', () => {
  it('writes the holder, and frees the lock on release', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-lock-'));
    const lock = await acquireRunLock(dir, 'p', 'deploy', { timeoutMs: 1000, clock: fakeClock() });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'deploy', host: hostname() });
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('waits for a live holder, tells once, then fails naming it (exit 76)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-lock-'));
    const first = await acquireRunLock(dir, 'p', 'backup', { timeoutMs: 1000, clock: fakeClock() });
    const told: unknown[] = [];
    const err = await acquireRunLock(dir, 'p', 'deploy', { timeoutMs: 5000, clock: fakeClock(), onWait: (h) => told.push(h) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as LockTimeoutError).exitCode).toBe(ExitCode.locked);
    expect((err as Error).message).toMatch(new RegExp(`^project p is locked by \`backup\` \\(pid ${process.pid} on .+\\); waited 5 s$`));
    expect(told).toHaveLength(1);
    await first.release();
  });

  it('a lock directory that cannot be made is one error naming the lock file and what to do (exit 76), not a bug', async () => {
    // Root may write anywhere: a path under a regular file fails for every user (ENOTDIR), as another user's directory fails with EACCES.
    const file = join(mkdtempSync(join(tmpdir(), 'ish-lock-')), 'plain-file');
    writeFileSync(file, '');
    const err = await acquireRunLock(join(file, 'locks'), 'p', 'backup', { timeoutMs: 1000, clock: fakeClock() }).catch((e: unknown) => e);
    expect((err as { exitCode?: number }).exitCode).toBe(ExitCode.locked);
    expect((err as Error).message).toBe(`cannot take the run lock ${join(file, 'locks', 'p.lock')} (ENOTDIR)`);
    expect((err as { hint?: string }).hint).toContain(`sudo chmod 1777 ${join(file, 'locks')}`);
  });

  it('takes over a lock whose holder process is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-lock-'));
    // A pid that certainly ended: a child that already exited.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'p.lock'), JSON.stringify({ pid: deadPid, host: hostname(), command: 'deploy', since: 'earlier' }));
    const lock = await acquireRunLock(dir, 'p', 'stop', { timeoutMs: 0, clock: fakeClock() });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'stop' });
    await lock.release();
  });

  it('locks per project', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-lock-'));
    const a = await acquireRunLock(dir, 'a', 'deploy', { timeoutMs: 0, clock: fakeClock() });
    const b = await acquireRunLock(dir, 'b', 'deploy', { timeoutMs: 0, clock: fakeClock() });
    await Promise.all([a.release(), b.release()]);
  });
});
