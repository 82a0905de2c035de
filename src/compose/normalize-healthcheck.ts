import { errorAt, parseAt } from './located-error.js';
import { parseDuration } from './parse-duration.js';
import type { RawHealthcheck } from './raw-compose.js';
import type { HealthcheckSpec, Nanoseconds } from './types.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

// The engine rejects non-zero healthcheck durations under 1ms; catching it here names the line.
const MIN_DURATION_NS = 1_000_000;

/**
 * Normalises a service healthcheck into the engine's shape: a test string becomes
 * ["CMD-SHELL", s], `disable: true` becomes ["NONE"], no test at all inherits the image's (empty list),
 * durations become nanoseconds.
 */
export function normalizeHealthcheck(raw: RawHealthcheck, src: YamlSource, path: YamlPath): HealthcheckSpec {
  if (raw.disable === true) {
    const test = raw.test;
    if (test !== undefined && !(Array.isArray(test) && test.length === 1 && test[0] === 'NONE')) {
      throw errorAt(src, [...path, 'disable'], 'healthcheck has both disable: true and a test', 'remove one of them');
    }
    return { test: ['NONE'] };
  }
  const spec: HealthcheckSpec = { test: normalizeTest(raw.test, src, [...path, 'test']) };
  const durations: [keyof RawHealthcheck, 'interval' | 'timeout' | 'startPeriod' | 'startInterval'][] = [
    ['interval', 'interval'],
    ['timeout', 'timeout'],
    ['start_period', 'startPeriod'],
    ['start_interval', 'startInterval'],
  ];
  for (const [key, field] of durations) {
    const text = raw[key];
    if (typeof text === 'string') spec[field] = healthDuration(text, src, [...path, key]);
  }
  if (raw.retries !== undefined) spec.retries = raw.retries;
  return spec;
}

function normalizeTest(test: string | string[] | undefined, src: YamlSource, path: YamlPath): string[] {
  if (test === undefined) return [];
  if (typeof test === 'string') {
    if (test.trim() === '') throw errorAt(src, path, 'healthcheck test is empty', 'give a command, or use disable: true');
    return ['CMD-SHELL', test];
  }
  const [kind, ...args] = test;
  const ok = (kind === 'NONE' && args.length === 0) || (kind === 'CMD' && args.length > 0) || (kind === 'CMD-SHELL' && args.length === 1);
  if (!ok) {
    // The engine silently ignores extra CMD-SHELL words and fails on an unknown first word at run time.
    throw errorAt(
      src,
      path,
      `invalid healthcheck test ${JSON.stringify(test)}`,
      'use ["CMD", "prog", "arg", ...], ["CMD-SHELL", "one shell command"], ["NONE"], or a plain string',
    );
  }
  return [...test];
}

function healthDuration(text: string, src: YamlSource, path: YamlPath): Nanoseconds {
  const ns = parseAt(src, path, () => parseDuration(text));
  if (ns !== 0 && ns < MIN_DURATION_NS) {
    throw errorAt(src, path, `healthcheck ${String(path[path.length - 1])} "${text}" must be 0 or at least 1ms`, 'use e.g. 10s');
  }
  return ns;
}
