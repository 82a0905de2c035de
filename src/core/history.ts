import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, IshError, RolledBackError } from '../errors.js';
import { toolVersion } from '../version.js';
import { ensureStateDir } from './state-dir.js';

/** What a recorded run did to one service. */
export interface HistoryChange {
  service: string;
  action: string;
  /** Image before and after, when they differ (`ref (id12)`). */
  from?: string;
  to?: string;
  /** Why, for a deploy: "not deployed", "configuration changed", ... */
  reason?: string;
}

/** One line of the history: a deploy, upgrade or rollback, and how it ended. */
export interface HistoryEntry {
  command: 'deploy' | 'upgrade' | 'rollback';
  /** ISO time the run started. */
  at: string;
  result: 'ok' | 'failed' | 'rolled-back' | 'interrupted';
  durationMs: number;
  changes: HistoryChange[];
  /** The error's one line, when the run failed. */
  error?: string;
  /** The verified backup taken before an upgrade. */
  backup?: string;
  /** Services whose data a rollback restored from that backup. */
  dataRestored?: string[];
  toolVersion: string;
}

const historyFile = 'history.jsonl';

/**
 * Appends one entry as one line, in one write to a file opened for appending (mode 0600), fsynced:
 * concurrent appends never interleave, and a crash leaves at most one torn last line, which
 * readHistory skips.
 */
export async function appendHistory(dir: string, entry: HistoryEntry): Promise<void> {
  await ensureStateDir(dir);
  const fh = await open(join(dir, historyFile), 'a+', 0o600);
  try {
    // After a torn line (no newline at the end), start on a line of our own.
    const { size } = await fh.stat();
    const last = size > 0 ? (await fh.read(Buffer.alloc(1), 0, 1, size - 1)).buffer.toString() : '\n';
    await fh.write(`${last === '\n' ? '' : '\n'}${JSON.stringify(entry)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The last `limit` entries, oldest first; an absent file is an empty history, a torn line is skipped. */
export async function readHistory(dir: string, limit: number): Promise<HistoryEntry[]> {
  const text = await readFile(join(dir, historyFile), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const entries: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as HistoryEntry);
    } catch {
      // A line torn by a crash mid-append: not an entry.
    }
  }
  return entries.slice(-limit);
}

/** The history result an error stands for. */
export function resultOf(err: unknown): HistoryEntry['result'] {
  if (err instanceof IshError && err.exitCode === ExitCode.interrupted) return 'interrupted';
  return err instanceof RolledBackError ? 'rolled-back' : 'failed';
}

/** Appends, but a history that cannot be written (read-only home, full disk) only warns: the run itself stands. */
export async function tryAppendHistory(dir: string, entry: HistoryEntry, warn: (text: string) => void): Promise<void> {
  await appendHistory(dir, entry).catch((err: Error) => warn(`not recorded in the history under ${dir}: ${err.message}`));
}

/**
 * Runs `work` and appends it to the history: with the changes `changesOf` finds in its result (none:
 * a run that changed nothing is not recorded), or with its error when it failed.
 */
export async function withHistory<T>(dir: string, command: HistoryEntry['command'], work: () => Promise<T>, changesOf: (r: T) => HistoryChange[], warn: (text: string) => void): Promise<T> {
  const started = Date.now();
  const entry = (result: HistoryEntry['result'], changes: HistoryChange[], error?: string): HistoryEntry => ({
    command,
    at: new Date(started).toISOString(),
    result,
    durationMs: Date.now() - started,
    changes,
    ...(error ? { error } : {}),
    toolVersion,
  });
  let r: T;
  try {
    r = await work();
  } catch (err) {
    await tryAppendHistory(dir, entry(resultOf(err), [], (err as Error).message), warn);
    throw err;
  }
  const changes = changesOf(r);
  if (changes.length > 0) await tryAppendHistory(dir, entry('ok', changes), warn);
  return r;
}
