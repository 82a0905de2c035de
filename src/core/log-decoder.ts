import { StringDecoder } from 'node:string_decoder';
import { parseRfc3339 } from './log-time.js';

/** One line of a container's log, as the engine stored it. */
export interface RawLogLine {
  stream: 'stdout' | 'stderr';
  /** The engine's timestamp as sent (RFC 3339 with nanoseconds); '' when the line had none. */
  timestamp: string;
  /** The same as Unix nanoseconds; a line without a timestamp gets the one before it. */
  time: bigint;
  /** The line without its newline (and without a trailing carriage return). */
  text: string;
}

// `<RFC 3339 time> ` that the engine writes before every log message when asked for timestamps.
const LEADING_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;

interface StreamState {
  decoder: StringDecoder;
  /** Text of the line being assembled (no newline seen yet). */
  pending: string;
}

/**
 * Turns the bytes of a log stream (chunks split anywhere: inside a frame header, a payload or a UTF-8
 * character) into lines. Without a TTY the engine multiplexes stdout and stderr in frames of an
 * 8-byte header (stream, 0, 0, 0, big-endian size) and a payload; with a TTY it sends raw bytes.
 * We always ask for timestamps, so a raw stream starts with a digit and a framed one with 0, 1 or 2.
 */
export class LogDecoder {
  private mode: 'unknown' | 'framed' | 'raw' = 'unknown';
  private buffered: Buffer = Buffer.alloc(0);
  private lastTime = 0n;
  private readonly streams: Record<RawLogLine['stream'], StreamState> = {
    stdout: { decoder: new StringDecoder('utf8'), pending: '' },
    stderr: { decoder: new StringDecoder('utf8'), pending: '' },
  };

  /** Feeds a chunk; returns the lines it completed, in stream order. */
  push(chunk: Uint8Array): RawLogLine[] {
    const out: RawLogLine[] = [];
    if (chunk.length === 0) return out;
    if (this.mode === 'unknown') this.mode = chunk[0]! <= 2 ? 'framed' : 'raw';
    if (this.mode === 'raw') {
      this.text('stdout', Buffer.from(chunk), out);
      return out;
    }
    this.buffered = this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    let offset = 0;
    while (offset + 8 <= this.buffered.length) {
      const size = this.buffered.readUInt32BE(offset + 4);
      if (offset + 8 + size > this.buffered.length) break;
      const stream = this.buffered[offset] === 2 ? 'stderr' : 'stdout';
      this.text(stream, this.buffered.subarray(offset + 8, offset + 8 + size), out);
      offset += 8 + size;
    }
    this.buffered = this.buffered.subarray(offset);
    return out;
  }

  /** The stream ended: returns what is left (a last line without newline, a truncated frame). */
  end(): RawLogLine[] {
    const out: RawLogLine[] = [];
    if (this.mode === 'framed' && this.buffered.length > 8) {
      this.text(this.buffered[0] === 2 ? 'stderr' : 'stdout', this.buffered.subarray(8), out);
    }
    this.buffered = Buffer.alloc(0);
    for (const stream of ['stdout', 'stderr'] as const) {
      const s = this.streams[stream];
      s.pending += s.decoder.end();
      if (s.pending !== '') out.push(this.line(stream, s.pending));
      s.pending = '';
    }
    return out;
  }

  private text(stream: RawLogLine['stream'], bytes: Buffer, out: RawLogLine[]): void {
    const s = this.streams[stream];
    // A long line reaches us as several framed messages, each with its own timestamp: keep the first.
    if (this.mode === 'framed' && s.pending !== '') {
      const ts = LEADING_TIMESTAMP.exec(bytes.subarray(0, 40).toString('latin1'));
      if (ts) bytes = bytes.subarray(ts[0].length);
    }
    const lines = (s.pending + s.decoder.write(bytes)).split('\n');
    s.pending = lines.pop() ?? '';
    for (const l of lines) out.push(this.line(stream, l));
  }

  private line(stream: RawLogLine['stream'], raw: string): RawLogLine {
    const m = LEADING_TIMESTAMP.exec(raw);
    const time = m ? parseRfc3339(m[1]!) : undefined;
    if (time !== undefined) this.lastTime = time;
    const text = m ? raw.slice(m[0].length) : raw;
    return { stream, timestamp: m?.[1] ?? '', time: this.lastTime, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  }
}

/** Decodes a whole log stream into lines, as they complete. */
export async function* decodeLogLines(chunks: AsyncIterable<Uint8Array>): AsyncIterable<RawLogLine> {
  const decoder = new LogDecoder();
  for await (const chunk of chunks) yield* decoder.push(chunk);
  yield* decoder.end();
}
