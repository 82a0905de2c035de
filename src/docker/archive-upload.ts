import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { mapEngineError } from './map-engine-error.js';

/**
 * Streams a tar into `path` of a container (PUT /containers/{id}/archive; the engine mounts the
 * container's volumes for it, running or not). The request is cut when the source throws or
 * `signal` aborts, so a tar that fails its checks half-way never completes on the engine side; the
 * source's own error is the one rethrown.
 */
export async function uploadArchive(docker: Docker, endpoint: string, id: string, path: string, body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
  const action = `write ${path} into container ${id.slice(0, 12)}`;
  const cut = new AbortController();
  const onAbort = () => cut.abort();
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let sourceError: unknown;
  // A 2 MB read-ahead: the archive is read and checked while the socket drains what came before.
  const file = Readable.from(body, { objectMode: false, highWaterMark: 2 << 20 });
  // docker-modem pipes the file into the request without watching it: a failing source must cut the request.
  file.once('error', (err) => {
    sourceError = err;
    cut.abort();
  });
  try {
    const res = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      docker.modem.dial(
        {
          path: `/containers/${id}/archive?`,
          method: 'PUT',
          file,
          isStream: true,
          abortSignal: cut.signal,
          statusCodes: { 200: true, 400: 'bad parameter', 403: 'permission denied (read-only path?)', 404: `no such container or path: ${path}`, 500: 'server error' },
          options: { path },
        } as Parameters<Docker['modem']['dial']>[0],
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as NodeJS.ReadableStream)),
      );
    });
    for await (const _ of res) {
      // The engine's answer carries no body worth reading; draining it ends the request.
    }
  } catch (err) {
    if (sourceError) throw sourceError;
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    throw mapEngineError(err, { endpoint, action });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    file.destroy();
  }
  if (sourceError) throw sourceError;
}
