import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../../../src/compose/invalid-value.js';
import { parseDuration } from '../../../src/compose/parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000_000_000],
    ['1m30s', 90_000_000_000],
    ['1h', 3_600_000_000_000],
    ['1h2m3s4ms5us6ns', 3_723_004_005_006],
    ['500ms', 500_000_000],
    ['1.5s', 1_500_000_000],
    ['1.1s', 1_100_000_000],
    ['0.3s', 300_000_000],
    ['.5s', 500_000_000],
    ['1.s', 1_000_000_000],
    ['2us', 2_000],
    ['1\u00b5s', 1_000],
    ['1\u03bcs', 1_000],
    ['300ns', 300],
    ['1.5ns', 1],
    ['0', 0],
    ['0s', 0],
    ['-1.5s', -1_500_000_000],
  ])('%s is %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it('is exact where a float multiplication would drift', () => {
    // 1.1 * 1e9 === 1100000000.0000002 in floating point.
    expect(parseDuration('1.1s')).toBe(1_100_000_000);
    expect(parseDuration('0.07s')).toBe(70_000_000);
    expect(parseDuration('2.3m')).toBe(138_000_000_000);
  });

  it.each([
    ['', /is empty/],
    ['10', /missing unit after "10"/],
    ['10x', /unknown unit "x"/],
    ['10 s', /unknown unit " s"/],
    ['s', /expected a number at "s"/],
    ['1m30', /missing unit after "30"/],
    ['ten seconds', /expected a number/],
    ['99999999999h', /too large/],
  ])('rejects %j', (text, why) => {
    expect(() => parseDuration(text)).toThrow(InvalidValueError);
    expect(() => parseDuration(text)).toThrow(why);
  });

  it('names the value and hints at the syntax', () => {
    try {
      parseDuration('10x');
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidValueError).message).toBe('invalid duration "10x": unknown unit "x"');
      expect((err as InvalidValueError).hint).toMatch(/1m30s/);
    }
  });
});
