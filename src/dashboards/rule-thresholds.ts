/**
 * Thresholds read from the Prometheus rule files, so that a panel's colours change when an alert's
 * threshold does (the dashboards are regenerated from the rules; a test fails when they are stale).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
}

/** Where the rule files live: monitoring/prometheus/rules of this checkout. */
export const rulesDir = fileURLToPath(new URL('../../monitoring/prometheus/rules', import.meta.url));

/** Every rule of every rule file. */
function loadAllRules(): Rule[] {
  return readdirSync(rulesDir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .flatMap((name) => {
      const doc = parse(readFileSync(path.join(rulesDir, name), 'utf8')) as { groups: Array<{ rules: Rule[] }> };
      return doc.groups.flatMap((group) => group.rules);
    });
}

const rules = loadAllRules();

/** Splits `expr` at the top-level (parenthesis depth 0) binary keyword `word` (and, or, unless). */
function splitTopLevel(expr: string, words: string[]): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (depth === 0) {
      const word = words.find((w) => new RegExp(`^\\s${w}\\b`).test(expr.slice(i)));
      if (word) {
        parts.push(expr.slice(start, i));
        i += word.length;
        start = i + 1;
      }
    }
  }
  parts.push(expr.slice(start));
  return parts.map((part) => part.trim());
}

/** `expr` without parentheses that enclose all of it. */
function unwrap(expr: string): string {
  let s = expr.trim();
  while (s.startsWith('(') && closingParen(s) === s.length - 1) s = s.slice(1, -1).trim();
  return s;
}

/** Index of the parenthesis that closes the one `s` starts with. */
function closingParen(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The right-hand side of the top-level comparison of `clause`, e.g. "0.05" in `a / (b > 0) > 0.05`. */
function comparedValueText(clause: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < clause.length; i++) {
    const c = clause[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (depth === 0 && /[<>=]/.test(c ?? '') && clause[i - 1] !== '!' && clause[i - 1] !== '=') {
      const rest = clause.slice(i).replace(/^(?:[<>]=?|==)\s*/, '');
      return rest.replace(/^bool\s+/, '').trim();
    }
  }
  return undefined;
}

/** The value of a constant recorded as `vector(N)` (settings.yml, slo.yml), matching `labels`. */
export function recordedConstant(record: string, labels: Record<string, string> = {}): number {
  const rule = rules.find(
    (r) => r.record === record && Object.entries(labels).every(([key, value]) => r.labels?.[key] === value),
  );
  const value = rule?.expr.match(/^\s*vector\(\s*([0-9.eE+-]+)\s*\)\s*$/)?.[1];
  if (value === undefined) throw new Error(`No rule records ${record}${JSON.stringify(labels)} as vector(N) in ${rulesDir}`);
  return Number(value);
}

/** Evaluates a threshold: a number, or scalar() of a product of recorded settings. */
function evaluateThreshold(text: string, alert: string): number {
  if (/^[0-9.eE+-]+$/.test(text)) return Number(text);
  const inner = text.match(/^scalar\((.*)\)$/s)?.[1];
  if (inner !== undefined) {
    return inner
      .split('*')
      .map((factor) => factor.trim())
      .reduce((product, factor) => product * (/^[0-9.]+$/.test(factor) ? Number(factor) : recordedConstant(factor)), 1);
  }
  throw new Error(`Alert ${alert}: cannot read a threshold from "${text}"`);
}

/**
 * The thresholds of alert `alert` at `severity`: for each `or` alternative of its expression, the value
 * its first `and` clause is compared with (the later clauses are guards such as a minimum request rate;
 * an alternative without comparison, such as absent(), has none).
 * Sorted ascending, deduplicated.
 */
export function alertThresholds(alert: string, severity: string): number[] {
  const rule = rules.find((r) => r.alert === alert && r.labels?.severity === severity);
  if (!rule) throw new Error(`No alert ${alert} with severity ${severity} in ${rulesDir}`);
  const values = new Set<number>();
  for (const alternative of splitTopLevel(unwrap(rule.expr.replace(/\s+/g, ' ')), ['or'])) {
    const first = splitTopLevel(unwrap(alternative), ['and', 'unless'])[0] ?? '';
    const text = comparedValueText(unwrap(first));
    if (text !== undefined) values.add(evaluateThreshold(text, alert)); // e.g. absent(...): no threshold
  }
  if (values.size === 0) throw new Error(`Alert ${alert} (${severity}) compares with no threshold`);
  return [...values].sort((a, b) => a - b);
}
