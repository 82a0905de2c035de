import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { ProgressSink } from '../core/progress.js';
import type { StackOptions } from '../core/stack-context.js';
import { profilesFrom } from '../core/stack-context.js';
import { ExitCode, IshError, UsageError } from '../errors.js';
import { outputMode, paint, type OutputMode } from '../output/style.js';

/** Options every command accepts (declared on the program). */
export interface GlobalOptions {
  file?: string;
  envFile?: string;
  projectName?: string;
  profile?: string[];
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
  lockTimeout: number;
}

/** The compose file shipped with the tool: found from the bundle's location, so cron's cwd does not matter. */
export function defaultComposeFile(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'compose', 'docker-compose.monitoring.yml');
}

/** The stack options from the global flags and the environment. */
export function stackOptions(g: GlobalOptions): StackOptions {
  return {
    composeFile: g.file ?? process.env.ISH_MONITOR_COMPOSE_FILE ?? defaultComposeFile(),
    profiles: profilesFrom(g.profile ?? [], process.env),
    env: process.env,
    ...(g.envFile ? { envFile: g.envFile } : {}),
    ...(g.projectName ? { projectName: g.projectName } : {}),
  };
}

/** Output mode for this run. */
export function modeOf(g: GlobalOptions): OutputMode {
  // A terminal that reports no width (a pty never sized: under `script`, in some CI runners) gets
  // timestamped lines: a spinner cannot tell where its lines wrap (ora, given 0 columns, clears lines forever).
  const spinnerFits = process.stderr.isTTY === true && process.stderr.columns > 0;
  return outputMode(g, process.env, process.stdout.isTTY === true, spinnerFits);
}

/** Spinner on a terminal, timestamped lines otherwise; ora is loaded only when it will be used. */
export async function progressFor(mode: OutputMode): Promise<ProgressSink> {
  if (mode.interactive) return (await import('../output/tty-progress.js')).ttyProgress(process.stderr);
  const { plainProgress } = await import('../output/plain-progress.js');
  return plainProgress((line) => process.stderr.write(line));
}

/** Writes the result: one JSON document, or the rendered text. */
export function emit(mode: OutputMode, doc: unknown, render: () => string): void {
  process.stdout.write(mode.json ? `${JSON.stringify(doc, null, 2)}\n` : render());
}

/** Parses a positive whole number option, or says which option is wrong (with an example value that fits it). */
export function positiveInt(name: string, example = 120): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${value}"`, `e.g. ${name} ${example}`);
    return n;
  };
}

/**
 * Wraps a command's work: errors become one line (plus hint and details) on stderr, and with
 * --json also an error document on stdout; the return value is the exit code.
 */
export async function runAction(cmd: Command, work: (g: GlobalOptions, mode: OutputMode) => Promise<number>): Promise<number> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const mode = modeOf(g);
  try {
    return await work(g, mode);
  } catch (err) {
    const { renderError } = await import('../output/render-error.js');
    process.stderr.write(renderError(err, paint(mode.color && process.stderr.isTTY === true), mode.verbose));
    const exitCode = err instanceof IshError ? err.exitCode : ExitCode.internal;
    if (mode.json) {
      const e = err as IshError;
      process.stdout.write(`${JSON.stringify({ error: { message: e.message, hint: e.hint, exitCode } }, null, 2)}\n`);
    }
    return exitCode;
  }
}

/**
 * Runs a changing command under the project's host-wide lock (see core/run-lock.ts), telling the
 * user when it has to wait; the lock is released on every path out.
 */
export async function withRunLock<T>(g: GlobalOptions, project: string, command: string, progress: ProgressSink, work: () => Promise<T>): Promise<T> {
  const [{ acquireRunLock, lockDir }, { systemClock }] = await Promise.all([import('../core/run-lock.js'), import('../health/clock.js')]);
  const lock = await acquireRunLock(lockDir(), project, command, {
    timeoutMs: g.lockTimeout * 1000,
    clock: systemClock,
    onWait: (h) => progress.warn(`project ${project} is locked by ${h ? `\`${h.command}\` (pid ${h.pid}, since ${h.since})` : 'another run'}: waiting up to ${g.lockTimeout} s`),
  });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
