import { scaleDecimal, toSafeNumber } from './exact-decimal.js';
import { InvalidValueError } from './invalid-value.js';

// docker/go-units RAMInBytes semantics: binary multiples whatever the case, optional `i` and `b`.
const MULTIPLIER: Record<string, bigint> = {
  '': 1n,
  k: 1024n,
  m: 1024n ** 2n,
  g: 1024n ** 3n,
  t: 1024n ** 4n,
  p: 1024n ** 5n,
};

const SIZE = /^(\d+)(?:\.(\d+))? ?([kmgtp])?i?b?$/i;

/** Parses a memory size (`512m`, `2g`, `1.5G`, `256MB`, `1024k`, or plain bytes) into bytes. */
export function parseSize(value: string | number): number {
  const text = String(value).trim();
  const m = SIZE.exec(text);
  if (!m) {
    throw new InvalidValueError(`invalid size "${text}"`, 'use bytes or a number with a unit b, k, m, g (binary multiples), e.g. 512m, 2g, 1.5g');
  }
  const [, intDigits = '', fracDigits = '', unit = ''] = m;
  // Like go-units, a fractional byte count is truncated.
  const bytes = toSafeNumber(scaleDecimal(intDigits, fracDigits, MULTIPLIER[unit.toLowerCase()]!).value);
  if (bytes === undefined) throw new InvalidValueError(`invalid size "${text}": it is too large`);
  return bytes;
}
