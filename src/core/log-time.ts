import { parseDuration } from '../compose/parse-duration.js';
import { UsageError } from '../errors.js';

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

// RFC 3339: date, `T` (or `t` or a space, which the RFC allows), time, optional fraction, zone.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** The accepted forms, for messages. */
export const logTimeForms = 'an RFC 3339 time (2025-05-01T12:00:00Z, 2025-05-01T14:00:00+02:00) or a duration ago (90s, 10m, 2h, 1h30m)';

/**
 * Parses an RFC 3339 time into Unix nanoseconds (fractions to the nanosecond, as the engine keeps
 * them); undefined when `text` is not one (wrong shape or an impossible date such as 02-30).
 */
export function parseRfc3339(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', z, sign, oh = '0', om = '0'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over to 03-02; a date that does not come back unchanged does not exist.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || Number(oh) > 23 || Number(om) > 59) return undefined;
  const offsetMinutes = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * NS_PER_MS + BigInt(frac.padEnd(9, '0'));
}

/**
 * `--since`/`--until`: an RFC 3339 time, or a Go duration (`90s`, `10m`, `2h`, `1h30m`) meaning that
 * long before `nowMs`. Returns Unix nanoseconds; anything else is a one-line usage error naming the
 * option and the accepted forms.
 */
export function parseLogTime(option: string, text: string, nowMs: number): bigint {
  const absolute = parseRfc3339(text.trim());
  if (absolute !== undefined) return absolute;
  let ago: number | undefined;
  try {
    // A bare number is not taken as seconds: `--since 10` is ambiguous, so it is refused.
    if (/^\+?[\d.]/.test(text.trim())) ago = parseDuration(text.trim().replace(/^\+/, ''));
  } catch {
    ago = undefined;
  }
  if (ago === undefined) throw new UsageError(`${option} "${text}" is not a time: use ${logTimeForms}`);
  return BigInt(nowMs) * NS_PER_MS - BigInt(ago);
}

/** Unix nanoseconds as RFC 3339 in UTC with nine fraction digits (the engine's log timestamp format). */
export function formatNanos(ns: bigint): string {
  const iso = new Date(Number(ns / NS_PER_MS)).toISOString();
  return `${iso.slice(0, 19)}.${(((ns % NS_PER_S) + NS_PER_S) % NS_PER_S).toString().padStart(9, '0')}Z`;
}
