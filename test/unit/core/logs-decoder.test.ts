import { describe, expect, it } from 'vitest';
import { decodeLogLines, LogDecoder, type RawLogLine } from '../../../src/core/log-decoder.js';
import { frame } from '../../support/log-frame.js';

const T1 = '2025-05-01T12:00:00.000000001Z';
const T2 = '2025-05-01T12:00:00.000000002Z';
const T3 = '2025-05-01T12:00:01.5Z';


/** Feeds `bytes` in chunks cut at `cuts` (offsets), collecting every line. */
function decodeCut(bytes: Buffer, cuts: number[]): RawLogLine[] {
  const d = new LogDecoder();
  const out: RawLogLine[] = [];
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    out.push(...d.push(bytes.subarray(from, at)));
    from = at;
  }
  return [...out, ...d.end()];
}

const simple = (lines: RawLogLine[]) => lines.map((l) => [l.stream, l.timestamp, l.text]);

describe('LogDecoder (frames of the logs endpoint)', () => {
  const stream = Buffer.concat([frame(1, `${T1} first line\n`), frame(2, `${T2} an error: ünïcødé ✓\n`), frame(1, `${T3} third\n`)]);
  const expected = [
    ['stdout', T1, 'first line'],
    ['stderr', T2, 'an error: ünïcødé ✓'],
    ['stdout', T3, 'third'],
  ];

  it('splits frames into lines with stream and timestamp', () => {
    expect(simple(decodeCut(stream, []))).toEqual(expected);
  });

  it('gives the same lines wherever the chunks are cut: inside headers, payloads and UTF-8 characters', () => {
    for (let a = 1; a < stream.length; a++) {
      expect(simple(decodeCut(stream, [a])), `cut at ${a}`).toEqual(expected);
    }
    // Every byte its own chunk.
    expect(simple(decodeCut(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1)))).toEqual(expected);
  });

  it('parses timestamps to the nanosecond, and keeps the previous time for a line without one', () => {
    const lines = decodeCut(Buffer.concat([frame(1, `${T2} a\n`), frame(1, 'no timestamp\n')]), []);
    expect(lines.map((l) => l.time)).toEqual([1746100800000000002n, 1746100800000000002n]);
    expect(lines[1]!.timestamp).toBe('');
  });

  it('joins a long line that the engine sent as several partial messages, each with its own timestamp', () => {
    const lines = decodeCut(Buffer.concat([frame(1, `${T1} part one, `), frame(2, `${T2} err\n`), frame(1, `${T2} part two\n`)]), [5, 20]);
    expect(simple(lines)).toEqual([
      ['stderr', T2, 'err'],
      ['stdout', T1, 'part one, part two'],
    ]);
  });

  it('keeps empty lines, drops a trailing carriage return, and returns a last line without newline at the end', () => {
    const lines = decodeCut(Buffer.concat([frame(1, `${T1} \n`), frame(1, `${T1} crlf\r\n`), frame(1, `${T2} unterminated`)]), [3]);
    expect(simple(lines)).toEqual([
      ['stdout', T1, ''],
      ['stdout', T1, 'crlf'],
      ['stdout', T2, 'unterminated'],
    ]);
  });

  it('returns what arrived of a truncated last frame', () => {
    const whole = frame(1, `${T1} cut short here\n`);
    expect(simple(decodeCut(whole.subarray(0, whole.length - 6), []))).toEqual([['stdout', T1, 'cut short']]);
  });

  it('reads the raw stream of a container with a TTY (no frames) as stdout, lines split anywhere', () => {
    const raw = Buffer.from(`${T1} tty one\r\n${T2} tty two\r\n`);
    for (let a = 1; a < raw.length; a++) {
      expect(simple(decodeCut(raw, [a])), `cut at ${a}`).toEqual([
        ['stdout', T1, 'tty one'],
        ['stdout', T2, 'tty two'],
      ]);
    }
  });
});

describe('decodeLogLines', () => {
  it('yields the lines of an async chunk stream in order', async () => {
    async function* chunks() {
      const all = Buffer.concat([frame(1, `${T1} a\n`), frame(2, `${T2} b\n`)]);
      yield all.subarray(0, 11);
      yield all.subarray(11);
    }
    const got: string[] = [];
    for await (const l of decodeLogLines(chunks())) got.push(`${l.stream}:${l.text}`);
    expect(got).toEqual(['stdout:a', 'stderr:b']);
  });
});
