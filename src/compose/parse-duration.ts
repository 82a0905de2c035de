import { scaleDecimal, toSafeNumber } from './exact-decimal.js';
import { InvalidValueError } from './invalid-value.js';
import type { Nanoseconds } from './types.js';

// Go's time.ParseDuration units; both micro signs (U+00B5, U+03BC) are accepted, as Go does.
const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n,
  '\u03bcs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const HINT = 'use numbers with units ns, us, ms, s, m or h, e.g. 10s, 1m30s, 500ms, 1.5s';

// One `<number><unit>` term; the number may be `1`, `1.5`, `.5` or `1.`, and the unit runs to the next
// digit or dot, exactly how Go splits it (so `10 s` reports the unit " s" instead of guessing).
const TERM = /^(\d*)(?:\.(\d*))?([^\d.]*)/u;

/** Parses a Go/compose duration (`1m30s`, `1.5s`, `300ns`) into exact integer nanoseconds. */
export function parseDuration(text: string): Nanoseconds {
  const bad = (why: string): InvalidValueError => new InvalidValueError(`invalid duration "${text}": ${why}`, HINT);
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1n;
    rest = rest.slice(1);
  }
  // Go accepts a bare zero without a unit, and nothing else unitless.
  if (rest === '0') return 0;
  if (rest === '') throw bad('it is empty');
  let total = 0n;
  while (rest !== '') {
    const m = TERM.exec(rest);
    const [whole, intDigits = '', fracDigits = '', unit = ''] = m ?? [];
    if (!m || (intDigits === '' && fracDigits === '')) throw bad(`expected a number at "${rest}"`);
    if (unit === '') throw bad(`missing unit after "${whole}"`);
    const scale = UNIT_NS[unit];
    if (scale === undefined) throw bad(`unknown unit "${unit}"`);
    // Go truncates sub-nanosecond fractions (1.5ns -> 1ns); the floor does the same.
    total += scaleDecimal(intDigits, fracDigits, scale).value;
    rest = rest.slice(whole!.length);
  }
  const ns = toSafeNumber(sign * total);
  if (ns === undefined) throw bad('it is too large');
  // Normalise -0 so callers comparing with === 0 are not surprised.
  return ns === 0 ? 0 : ns;
}
