import { scaleDecimal, toSafeNumber } from './exact-decimal.js';
import { InvalidValueError } from './invalid-value.js';

const DECIMAL = /^(\d*)(?:\.(\d*))?$/;

/** Parses a CPU count (`"1.0"`, `0.5`) into the engine's NanoCpus (CPUs × 10^9), exactly. */
export function parseCpus(value: string | number): number {
  const text = String(value).trim();
  const m = DECIMAL.exec(text);
  const [, intDigits = '', fracDigits = ''] = m ?? [];
  if (!m || (intDigits === '' && fracDigits === '')) {
    throw new InvalidValueError(`invalid cpus "${text}"`, 'use a decimal number of CPUs, e.g. 0.5 or "1.0"');
  }
  const scaled = scaleDecimal(intDigits, fracDigits, 1_000_000_000n);
  // The docker CLI refuses what NanoCpus cannot hold rather than silently rounding it.
  if (!scaled.exact) throw new InvalidValueError(`invalid cpus "${text}": too precise`, 'use at most 9 decimal places');
  const nano = toSafeNumber(scaled.value);
  if (nano === undefined) throw new InvalidValueError(`invalid cpus "${text}": too large`);
  if (nano <= 0) throw new InvalidValueError(`invalid cpus "${text}": must be more than 0`, 'use e.g. 0.5 or 1');
  return nano;
}
