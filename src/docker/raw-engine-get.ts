import { connectEngine, type EngineRoute } from './engine-route.js';
import { ResponseParser, type ResponseHead } from './http-response-parser.js';

/** Bytes of the one read buffer the socket reuses for every read. */
const readBytes = 1 << 20;
/** Full blocks waiting for the consumer before reading pauses. */
const maxQueued = 2;
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
 * GETs `path` (below the route's API prefix) on a raw connection to the engine, for bulk bodies:
 * the socket reads into one reused 1 MB buffer and the body comes out as fresh `blockBytes` blocks
 * (the last shorter), copied once, reading paused while two wait. Resolves after a 2xx head;
 * rejects with EngineStatusError on an error status, with the socket's error when the connection
 * fails. Iterating throws when the connection breaks or ends before the body's declared end; it
 * ends quietly when `signal` aborts (the socket is destroyed). Undefined if aborted before sending.
 */
export async function rawEngineGet(route: EngineRoute, path: string, signal: AbortSignal | undefined, blockBytes = 1 << 20): Promise<AsyncIterable<Buffer> | undefined> {
  if (signal?.aborted) return undefined;
  const queue: Buffer[] = [];
  let block = Buffer.allocUnsafe(blockBytes);
  let fill = 0;
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
      if (head!.status >= 300) {
        if (errorBytes < maxErrorBytes) errorBody.push(Buffer.from(bytes.subarray(0, maxErrorBytes - errorBytes)));
        errorBytes += bytes.length;
        return;
      }
      for (let at = 0; at < bytes.length; ) {
        const n = Math.min(bytes.length - at, blockBytes - fill);
        bytes.copy(block, fill, at, at + n);
        fill += n;
        at += n;
        if (fill === blockBytes) {
          queue.push(block);
          block = Buffer.allocUnsafe(blockBytes);
          fill = 0;
        }
      }
    },
    end: () => {
      if (head!.status >= 300) return fail(new EngineStatusError(head!.status, head!.reason, Buffer.concat(errorBody).toString('utf8')));
      if (fill > 0) queue.push(block.subarray(0, fill));
      ended = true;
      socket.end();
    },
  });
  const socket = await connectEngine(route, Buffer.allocUnsafe(readBytes), (bytes) => {
    try {
      parser.feed(bytes);
    } catch (err) {
      fail(err as Error);
      return false;
    }
    if (queue.length > 0 || ended) notify();
    return queue.length < maxQueued;
  });
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
          if (queue.length < maxQueued) socket.resume();
          yield next;
          continue;
        }
        if (signal?.aborted) return;
        if (failure) throw failure;
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          socket.resume();
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
    }
  })();
}
