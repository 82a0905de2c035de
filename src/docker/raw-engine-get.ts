import { connectEngine, type EngineRoute } from './engine-route.js';
import { ResponseParser, type ResponseHead } from './http-response-parser.js';

/** The socket reads into a ring of these buffers, reused for the whole body. */
const slotBytes = 512 << 10;
const slotCount = 4;
/** The most of an error response's body kept for its message. */
const maxErrorBytes = 64 << 10;

/** An error status of the engine, shaped as docker-modem's errors (statusCode, json) so the gateway maps both alike. */
export class EngineStatusError extends Error {
  /** `body` is the engine's answer: JSON `{ message }` or text. */
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    body: string,
  ) {
    let json: { message?: string } | null = null;
    try {
      json = JSON.parse(body) as { message?: string };
    } catch {
      // a text body is the message itself
    }
    super(json?.message ?? (body.trim() || `HTTP ${statusCode} ${reason}`));
    this.json = json;
  }
  /** The parsed JSON body, when it was JSON. */
  readonly json: { message?: string } | null;
}

/**
 * GETs `path` (below the route's API prefix) on a raw connection to the engine, for bulk bodies.
 * The socket reads into a ring of four 512 KB buffers reused for the whole body (no allocation, no
 * copy per read) and the body comes out as views of them: each is valid only until the next is asked
 * for. Reading pauses while the buffer it would read into still holds bytes the consumer has not
 * passed. Resolves after a 2xx head; rejects with EngineStatusError on an error status, with the
 * socket's error when the connection fails. Iterating throws when the connection breaks or ends
 * before the body's declared end; it ends quietly when `signal` aborts (the socket is destroyed).
 * Undefined if aborted before sending.
 */
export async function rawEngineGet(route: EngineRoute, path: string, signal: AbortSignal | undefined): Promise<AsyncIterable<Buffer> | undefined> {
  if (signal?.aborted) return undefined;
  const slots = Array.from({ length: slotCount }, () => Buffer.allocUnsafe(slotBytes));
  // Views handed on or waiting, per slot: a slot is read into again only once its count is zero.
  const inUse = new Array<number>(slotCount).fill(0);
  let reading = 0;
  let paused = false;
  const queue: { view: Buffer; slot: number }[] = [];
  let head: ResponseHead | undefined;
  const errorBody: Buffer[] = [];
  let errorBytes = 0;
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let headSettled!: { ok: () => void; fail: (err: Error) => void };
  const headReady = new Promise<void>((ok, fail) => (headSettled = { ok, fail }));
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (err: Error) => {
    failure ??= err;
    headSettled.fail(failure);
    socket.destroy();
    notify();
  };
  const parser = new ResponseParser({
    head: (h) => {
      head = h;
      if (h.status < 300) headSettled.ok();
    },
    body: (bytes) => {
      if (head!.status < 300) {
        queue.push({ view: bytes, slot: reading });
        inUse[reading]! += 1;
      } else if (errorBytes < maxErrorBytes) {
        errorBody.push(Buffer.from(bytes.subarray(0, maxErrorBytes - errorBytes)));
        errorBytes += bytes.length;
      }
    },
    end: () => {
      if (head!.status >= 300) return fail(new EngineStatusError(head!.status, head!.reason, Buffer.concat(errorBody).toString('utf8')));
      ended = true;
      socket.end();
    },
  });
  const socket = await connectEngine(route, () => slots[reading]!, (bytes) => {
    try {
      parser.feed(bytes);
    } catch (err) {
      fail(err as Error);
      return false;
    }
    notify();
    reading = (reading + 1) % slotCount;
    paused = inUse[reading]! > 0;
    return !paused;
  });
  const release = (slot: number) => {
    inUse[slot]! -= 1;
    if (paused && inUse[reading] === 0) {
      paused = false;
      socket.resume();
    }
  };
  socket.on('error', fail);
  socket.on('close', () => {
    if (ended || failure) return;
    try {
      parser.close();
    } catch (err) {
      fail(err as Error);
    }
  });
  const onAbort = () => fail(new Error('aborted'));
  signal?.addEventListener('abort', onAbort, { once: true });
  socket.write(`GET ${route.base}${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: ish-monitor\r\nConnection: close\r\n\r\n`);
  try {
    await headReady;
  } catch (err) {
    signal?.removeEventListener('abort', onAbort);
    socket.destroy();
    if (signal?.aborted) return undefined;
    throw err;
  }
  return (async function* () {
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next.view;
          // Asked for the next one: the consumer is done with this view.
          release(next.slot);
          continue;
        }
        if (signal?.aborted) return;
        if (failure) throw failure;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
    }
  })();
}
