import { DockerUnreachableError, EngineError, type IshError } from '../errors.js';

/** What an operation was doing when the engine failed: used to name things in the message. */
export interface ErrorContext {
  /** Docker endpoint, for unreachable-engine messages. */
  endpoint: string;
  /** e.g. "create container for service prometheus". */
  action: string;
  service?: string;
  image?: string;
}

interface EngineErrorShape {
  code?: string;
  statusCode?: number;
  reason?: string;
  json?: { message?: string } | null;
  message?: string;
}

const connectionCodes = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE']);

/** The engine's own message text of a dockerode error. */
export function engineMessage(err: unknown): string {
  const e = err as EngineErrorShape;
  const fromJson = e?.json && typeof e.json === 'object' ? e.json.message : undefined;
  const raw = fromJson ?? e?.message ?? String(err);
  // dockerode prefixes "(HTTP code 409) unexpected - " before the engine's text.
  return raw.replace(/^\(HTTP code \d+\)\s+[\w ]+ - /, '').trim();
}

/** Maps any error from the Docker API to the typed error a user should see. */
export function mapEngineError(err: unknown, ctx: ErrorContext): IshError {
  const e = err as EngineErrorShape;
  if (e?.code && connectionCodes.has(e.code)) {
    const why =
      e.code === 'ENOENT'
        ? 'the socket does not exist'
        : e.code === 'EACCES'
          ? 'permission denied on the socket (run as root or join the docker group)'
          : `${e.code}`;
    return new DockerUnreachableError(ctx.endpoint, why, { cause: err });
  }
  const text = engineMessage(err);
  const status = e?.statusCode;
  const port = /(?:Bind for |listen tcp[46]? )([\d.:[\]a-f]*:(\d+))(?: failed|: bind)/i.exec(text);
  if (port || /port is already allocated|address already in use/i.test(text)) {
    const what = port ? `${port[1]}` : 'a published port';
    return new EngineError(
      `port ${what} of service ${ctx.service ?? '?'} is already in use on the Docker host`,
      'stop what holds it, or set another port in compose/.env (e.g. PROMETHEUS_PORT=19090)',
      status,
      { cause: err },
    );
  }
  if (/no such image|pull access denied|manifest unknown|not found: manifest|repository does not exist/i.test(text)) {
    const image = ctx.image ?? '?';
    return new EngineError(
      `image ${image}${ctx.service ? ` (service ${ctx.service})` : ''} is not on the engine and cannot be pulled: ${text}`,
      'check the image name and tag, log in to its registry, or build it locally (scripts/build-local-images.sh)',
      status,
      { cause: err },
    );
  }
  if (status === 409) {
    return new EngineError(
      `conflict while trying to ${ctx.action}: ${text}`,
      'another container or resource already has that name; remove it or set container_name differently',
      status,
      { cause: err },
    );
  }
  if (status === 404) {
    return new EngineError(`not found while trying to ${ctx.action}: ${text}`, 'run `ish-monitor status` to see what exists', status, {
      cause: err,
    });
  }
  return new EngineError(`Docker engine failed to ${ctx.action}: ${text}`, undefined, status, { cause: err });
}
