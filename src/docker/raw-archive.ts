import { brokenConnection, nothing } from './engine-streams.js';
import type { EngineRoute } from './engine-route.js';
import { mapEngineError } from './map-engine-error.js';
import { rawEngineGet } from './raw-engine-get.js';

/**
 * A container path's tar stream (GET /containers/{id}/archive) over a raw engine connection, with
 * the gateway's errors: an error status or a failed connection as mapEngineError maps dockerode's,
 * a break or early end of the body as DockerUnreachableError; an abort ends it quietly.
 */
export async function readRawArchive(route: EngineRoute, id: string, path: string, signal: AbortSignal | undefined, endpoint: string, action: string): Promise<AsyncIterable<Uint8Array>> {
  let body: AsyncIterable<Buffer> | undefined;
  try {
    body = await rawEngineGet(route, `/containers/${encodeURIComponent(id)}/archive?path=${encodeURIComponent(path)}`, signal);
  } catch (err) {
    throw mapEngineError(err, { endpoint, action });
  }
  if (!body) return nothing();
  const blocks = body;
  return (async function* () {
    try {
      yield* blocks;
    } catch (err) {
      if (signal?.aborted) return;
      throw brokenConnection(err, endpoint, action);
    }
  })();
}
