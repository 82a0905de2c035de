import type { ChalkInstance } from 'chalk';
import { IshError, NotReadyError, RolledBackError } from '../errors.js';

/** The user-facing text of an error: one line, its hint, details; the stack only with --verbose. */
export function renderError(err: unknown, c: ChalkInstance, verbose: boolean): string {
  const lines: string[] = [];
  if (err instanceof IshError) {
    lines.push(`${c.red('error:')} ${err.message}`);
    if (err instanceof NotReadyError || err instanceof RolledBackError) lines.push(...err.details);
    if (err.hint) lines.push(`${c.dim('hint:')} ${err.hint}`);
  } else {
    const e = err as Error;
    lines.push(`${c.red('internal error:')} ${e?.message ?? String(err)}`);
    lines.push(`${c.dim('hint:')} this is a bug in ish-monitor; rerun with --verbose and report the output`);
  }
  if (verbose && err instanceof Error && err.stack) lines.push(c.dim(err.stack));
  return lines.join('\n') + '\n';
}
