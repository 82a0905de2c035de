/** Finds the metric names a PromQL expression reads: enough of a tokeniser to check rules against the contract. */

/** PromQL functions, aggregation operators and keywords: identifiers that are never metric names. */
const notMetricNames = new Set([
  // keywords and binary/set operators
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool',
  'atan2', 'inf', 'nan',
  // aggregation operators
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk',
  'quantile',
]);

/**
 * Metric names read by `expr`, sorted and deduplicated. Strings, label matchers, range and subquery
 * brackets, label lists of by/without/on/ignoring/group_left/group_right and offsets are removed first;
 * what remains is an identifier not followed by "(" (a function call) and not a keyword.
 */
export function metricNamesIn(expr: string): string[] {
  let s = expr;
  s = s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  s = s.replace(/#[^\n]*/g, ' ');
  s = s.replace(/\{[^}]*\}/g, ' ');
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  s = s.replace(/\boffset\s+-?[0-9a-zA-Z]+/g, ' ');
  const names = new Set<string>();
  for (const match of s.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const start = match.index ?? 0;
    const before = start > 0 ? s[start - 1] : '';
    if (before !== undefined && /[0-9.]/.test(before)) continue; // exponent of a number literal, e.g. 1e9
    if (s.slice(start + word.length).trimStart().startsWith('(')) continue; // function or aggregation
    if (notMetricNames.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names].sort();
}

/** True for a recording-rule name of the form level:metric:operations. */
export function isRecordingRuleName(name: string): boolean {
  return /^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z0-9_]+$/.test(name);
}
