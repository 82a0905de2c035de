import { mkdir, open, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { IshError, ExitCode } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { readJsonFile } from '../read-small-file.js';

/** Who holds a lock: written into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** A held lock; release it on every path out. */
export interface RunLock {
  path: string;
  release(): Promise<void>;
}

/** Another run holds the project's lock longer than we were willing to wait. */
export class LockTimeoutError extends IshError {
  /** Names the holder so the operator can tell a stuck run from a slow one. */
  constructor(project: string, holder: LockHolder | undefined, waitedSeconds: number) {
    const who = holder ? `\`${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'another run';
    super(`project ${project} is locked by ${who}; waited ${waitedSeconds} s`, ExitCode.locked, 'wait for it to finish, or raise --lock-timeout');
  }
}

/** The directory of lock files: under /run/lock when it exists (host-wide, emptied at boot), else the temp dir. */
export function lockDir(): string {
  return existsSync('/run/lock') ? '/run/lock/ish-monitor' : join(tmpdir(), 'ish-monitor-locks');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the host-wide lock of a project for a changing command (deploy, restart, stop, cleanup,
 * backup): an exclusively created file naming the holder. A lock whose holder process is gone (on
 * this host) is stale and taken over; a live one is waited for, polling, up to `timeoutMs`.
 */
export async function acquireRunLock(
  dir: string,
  project: string,
  command: string,
  opts: { timeoutMs: number; clock: Clock; onWait?: (holder: LockHolder | undefined) => void },
): Promise<RunLock> {
  const path = join(dir, `${project}.lock`);
  // A lock directory another user made (root's, for an operator in the docker group) is named, not a bug.
  const unusable = (err: NodeJS.ErrnoException) =>
    new IshError(`cannot take the run lock ${path} (${err.code ?? err.message})`, ExitCode.locked, `run as the user who made ${dir}, or let every user take locks there: sudo chmod 1777 ${dir}`);
  await mkdir(dir, { recursive: true, mode: 0o755 }).catch((err: NodeJS.ErrnoException) => {
    throw unusable(err);
  });
  const me: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date(opts.clock.now()).toISOString() };
  const started = opts.clock.now();
  let told = false;
  for (;;) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(JSON.stringify(me));
      await fh.close();
      return { path, release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(err as NodeJS.ErrnoException);
    }
    const holder = readJsonFile<LockHolder>(path);
    // A holder that died (kill -9, power loss of a container) leaves its file: take it over.
    if (holder && holder.host === me.host && !alive(holder.pid)) {
      await rm(path, { force: true }).catch((err: NodeJS.ErrnoException) => {
        throw unusable(err);
      });
      continue;
    }
    if (opts.clock.now() - started >= opts.timeoutMs) throw new LockTimeoutError(project, holder, Math.round((opts.clock.now() - started) / 1000));
    if (!told) {
      opts.onWait?.(holder);
      told = true;
    }
    await opts.clock.sleep(250);
  }
}

/** Who holds the project's lock right now, if anyone: a holder that died on this host does not count. */
export async function liveHolder(dir: string, project: string): Promise<LockHolder | undefined> {
  const holder = readJsonFile<LockHolder>(join(dir, `${project}.lock`));
  return holder && (holder.host !== hostname() || alive(holder.pid)) ? holder : undefined;
}
