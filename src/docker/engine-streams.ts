import { PassThrough, pipeline } from 'node:stream';
import { DockerUnreachableError } from '../errors.js';
import { engineMessage, mapEngineError } from './map-engine-error.js';
import type { ContainerEvent } from './types.js';

/** The engine's event stream (one JSON object per line, lines split anywhere across chunks) as events. */
export async function* parseEvents(chunks: AsyncIterable<Uint8Array>): AsyncIterable<ContainerEvent> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const e = JSON.parse(line) as { Action?: string; status?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; time?: number };
      yield {
        action: e.Action ?? e.status ?? '',
        id: e.Actor?.ID ?? e.id ?? '',
        attributes: e.Actor?.Attributes ?? {},
        // From the text: the number itself does not fit a double exactly.
        timeNano: BigInt(/"timeNano":(\d+)/.exec(line)?.[1] ?? (e.time ?? 0) * 1e9),
      };
    }
  }
}

/** Unix nanoseconds as the engine's `seconds.nanoseconds` timestamp parameter. */
export function unixTimestamp(ns: bigint): string {
  return `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/** An iterable that yields nothing: what a read aborted before it started returns. */
export async function* nothing<T>(): AsyncIterable<T> {}

/** An error in the middle of a body: the connection breaking, whatever its code. */
export function brokenConnection(err: unknown, endpoint: string, action: string): DockerUnreachableError {
  const mapped = mapEngineError(err, { endpoint, action });
  return mapped instanceof DockerUnreachableError ? mapped : new DockerUnreachableError(endpoint, `the connection broke while trying to ${action}: ${engineMessage(err)}`, { cause: err });
}

/**
 * Yields the body's chunks; ends quietly when `signal` aborts; a broken connection becomes
 * DockerUnreachableError, and so does the end of a stream that only the engine going away ends.
 */
export function guardStream(res: NodeJS.ReadableStream, endpoint: string, action: string, signal: AbortSignal | undefined, endMeansGone: boolean): AsyncIterable<Uint8Array> {
  const body = res as NodeJS.ReadableStream & { destroy(): void };
  // Registered now, not when iteration starts: an abort before the first read must still free the socket.
  const onAbort = () => body.destroy();
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  // Read through a 2 MB buffer in flowing mode: the response's own 16 KB buffer pauses the socket
  // between reads, which made a volume's archive stream about 1.5x slower than `docker cp`.
  const buffered = new PassThrough({ highWaterMark: 2 << 20 });
  pipeline(body, buffered, () => undefined); // its errors reach `buffered`, and so the loop below
  return (async function* () {
    try {
      for await (const chunk of buffered) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    } catch (err) {
      if (signal?.aborted) return;
      throw brokenConnection(err, endpoint, action);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      body.destroy();
      buffered.destroy();
    }
    if (endMeansGone && !signal?.aborted) throw new DockerUnreachableError(endpoint, `the engine closed the connection while trying to ${action}`);
  })();
}
