import { describe, expect, it } from 'vitest';
import { formatNanos, parseLogTime, parseRfc3339 } from '../../../src/core/log-time.js';
import { IshError } from '../../../src/errors.js';

const NOW_MS = Date.UTC(2025, 4, 1, 12, 0, 0); // 2025-05-01T12:00:00Z
const NOW_NS = BigInt(NOW_MS) * 1_000_000n;
const S = 1_000_000_000n;

function usageError(fn: () => unknown): IshError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IshError) return err;
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('parseRfc3339', () => {
  it('reads UTC, offsets, and fractions to the nanosecond', () => {
    expect(parseRfc3339('2025-05-01T12:00:00Z')).toBe(NOW_NS);
    expect(parseRfc3339('2025-05-01T14:00:00+02:00')).toBe(NOW_NS);
    expect(parseRfc3339('2025-05-01T11:30:00-00:30')).toBe(NOW_NS);
    expect(parseRfc3339('2025-05-01t12:00:00z')).toBe(NOW_NS);
    expect(parseRfc3339('2025-05-01 12:00:00Z')).toBe(NOW_NS);
    expect(parseRfc3339('2025-05-01T12:00:00.5Z')).toBe(NOW_NS + S / 2n);
    expect(parseRfc3339('2025-05-01T12:00:00.000000007Z')).toBe(NOW_NS + 7n);
  });

  it('refuses impossible dates, missing zones and other shapes', () => {
    for (const bad of ['2025-02-30T00:00:00Z', '2025-13-01T00:00:00Z', '2025-05-01T24:00:00Z', '2025-05-01T12:00:00', '2025-05-01', '12:00:00Z', '2025-05-01T12:00:00.Z', '2025-05-01T12:00:00+2:00']) {
      expect(parseRfc3339(bad), bad).toBeUndefined();
    }
  });
});

describe('parseLogTime (--since, --until)', () => {
  it('takes an RFC 3339 time as is', () => {
    expect(parseLogTime('--since', '2025-04-30T12:00:00Z', NOW_MS)).toBe(NOW_NS - 86_400n * S);
  });

  it('takes a duration as that long before now', () => {
    expect(parseLogTime('--since', '90s', NOW_MS)).toBe(NOW_NS - 90n * S);
    expect(parseLogTime('--since', '10m', NOW_MS)).toBe(NOW_NS - 600n * S);
    expect(parseLogTime('--until', '2h', NOW_MS)).toBe(NOW_NS - 7_200n * S);
    expect(parseLogTime('--since', '1h30m', NOW_MS)).toBe(NOW_NS - 5_400n * S);
    expect(parseLogTime('--since', '1.5s', NOW_MS)).toBe(NOW_NS - (3n * S) / 2n);
    expect(parseLogTime('--since', '0', NOW_MS)).toBe(NOW_NS);
  });

  it('refuses anything else with a one-line usage error (exit 64) naming the option and the accepted forms', () => {
    for (const bad of ['yesterday', '10', '-10m', '10x', '10 m', '', '2025-05-01', 'now']) {
      const err = usageError(() => parseLogTime('--until', bad, NOW_MS));
      expect(err.exitCode, bad).toBe(64);
      expect(err.message).toBe(
        `--until "${bad}" is not a time: use an RFC 3339 time (2025-05-01T12:00:00Z, 2025-05-01T14:00:00+02:00) or a duration ago (90s, 10m, 2h, 1h30m)`,
      );
      expect(err.message).not.toContain('\n');
      expect(err.hint).toBeUndefined();
    }
  });
});

describe('formatNanos', () => {
  it('writes the engine\'s timestamp format', () => {
    expect(formatNanos(NOW_NS + 42n)).toBe('2025-05-01T12:00:00.000000042Z');
  });
});
