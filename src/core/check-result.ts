import type { Finding } from './parse-tool-output.js';

/** How a check came out; the worst one decides the exit code. */
export type CheckLevel = 'pass' | 'warn' | 'fail';

/** One check of `validate` or `doctor`: its outcome, a one-line reason, and the fix when it did not pass. */
export interface CheckResult {
  name: string;
  level: CheckLevel;
  detail: string;
  fix?: string;
  /** Problems with file and line, where the check reads files. */
  findings?: Finding[];
  /** Where the tool ran: `image NAME` or `host PATH`. */
  via?: string;
  /** Passed before on exactly these files with exactly this tool: not run again. */
  cached?: boolean;
}

const rank: Record<CheckLevel, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst level among the checks (`pass` when there are none). */
export function worstLevel(checks: CheckResult[]): CheckLevel {
  return checks.reduce<CheckLevel>((w, c) => (rank[c.level] > rank[w] ? c.level : w), 'pass');
}

/** `file:line:col: message` (as far as known) of a finding. */
export function formatFinding(f: Finding): string {
  const where = [f.file, f.line, f.column].filter((x) => x !== undefined).join(':');
  return where ? `${where}: ${f.message}` : f.message;
}
