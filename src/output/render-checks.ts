import { isAbsolute, relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { formatFinding, type CheckResult } from '../core/check-result.js';

/** A file as the user can best read it: relative to `cwd` when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** One line per check (`pass|warn|fail  name  reason`), then its findings (file:line) and its fix. */
export function renderChecks(checks: CheckResult[], c: ChalkInstance, cwd: string): string {
  const mark = { pass: c.green('pass'), warn: c.yellow('warn'), fail: c.red('fail') };
  const width = Math.max(...checks.map((k) => k.name.length));
  const lines: string[] = [];
  for (const k of checks) {
    lines.push(`${mark[k.level]}  ${k.name.padEnd(width)}  ${k.detail}${k.cached ? c.dim(' (cached)') : ''}`);
    for (const f of k.findings ?? []) lines.push(`      ${formatFinding(f.file ? { ...f, file: displayPath(f.file, cwd) } : f)}`);
    if (k.level !== 'pass' && k.fix) lines.push(`      ${c.dim('fix:')} ${k.fix}`);
  }
  return `${lines.join('\n')}\n`;
}
