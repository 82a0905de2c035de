import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../../../src/compose/invalid-value.js';
import { parseCpus } from '../../../src/compose/parse-cpus.js';
import { parseSize } from '../../../src/compose/parse-size.js';

describe('parseSize', () => {
  it.each([
    ['512m', 536_870_912],
    ['2g', 2_147_483_648],
    ['2G', 2_147_483_648],
    ['1.5G', 1_610_612_736],
    ['256MB', 268_435_456],
    ['256MiB', 268_435_456],
    ['1024k', 1_048_576],
    ['1024kb', 1_048_576],
    ['100b', 100],
    ['1048576', 1_048_576],
    [1_048_576, 1_048_576],
    ['1.5', 1],
    ['10 m', 10_485_760],
  ])('%j is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'lots', '2x', '-1g', '1.5.5g', 'g'])('rejects %j', (text) => {
    expect(() => parseSize(text)).toThrow(InvalidValueError);
    expect(() => parseSize(text)).toThrow(`invalid size "${text}"`);
  });
});

describe('parseCpus', () => {
  it.each([
    ['1.0', 1_000_000_000],
    ['0.5', 500_000_000],
    [0.5, 500_000_000],
    [2, 2_000_000_000],
    ['0.25', 250_000_000],
    ['.1', 100_000_000],
    ['0.000000001', 1],
  ])('%j is %d NanoCpus', (value, nano) => {
    expect(parseCpus(value)).toBe(nano);
  });

  it.each([
    ['', /invalid cpus ""/],
    ['one', /invalid cpus "one"/],
    ['-1', /invalid cpus "-1"/],
    ['0', /must be more than 0/],
    ['0.0000000001', /too precise/],
  ])('rejects %j', (value, why) => {
    expect(() => parseCpus(value)).toThrow(InvalidValueError);
    expect(() => parseCpus(value)).toThrow(why);
  });
});
