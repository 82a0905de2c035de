import net from 'node:net';

/** How to reach the engine with a raw socket, and the prefix of its API paths. */
export type EngineRoute =
  | { kind: 'unix'; path: string; base: string }
  | { kind: 'tcp'; host: string; port: number; base: string }
  | { kind: 'tls'; host: string; port: number; base: string; ca?: unknown; cert?: unknown; key?: unknown };

/** The fields of docker-modem's Modem that say where the engine is (it read DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH). */
export interface ModemAddress {
  socketPath?: unknown;
  getSocketPath?: () => Promise<string> | undefined;
  host?: string;
  port?: string | number;
  protocol?: string;
  version?: string;
  pathPrefix?: string;
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
}

/**
 * The engine's address as dockerode's modem resolved it, for a raw socket; undefined where only the
 * modem knows the way (ssh://, a Windows named pipe).
 */
export async function engineRoute(modem: ModemAddress): Promise<EngineRoute | undefined> {
  const version = modem.version ? `/${modem.version.replace(/^\/+/, '')}` : '';
  if (!modem.host) {
    const path = await modem.getSocketPath?.();
    if (typeof path !== 'string' || /^(\/\/|\\\\)\.[\\/]pipe[\\/]/.test(path)) return undefined;
    return { kind: 'unix', path, base: version };
  }
  if (modem.protocol !== 'http' && modem.protocol !== 'https') return undefined;
  const base = `${(modem.pathPrefix ?? '/').replace(/\/+$/, '')}${version}`;
  const port = Number(modem.port) || (modem.protocol === 'https' ? 2376 : 2375);
  const host = modem.host.replace(/^\[|\]$/g, '');
  return modem.protocol === 'https' ? { kind: 'tls', host, port, base, ca: modem.ca, cert: modem.cert, key: modem.key } : { kind: 'tcp', host, port, base };
}

/**
 * Connects to the engine. Plain sockets read into the buffer `nextBuffer` returns (asked again after
 * every read, so a caller can hand out a ring of reused buffers) and pass each read to `onBytes`;
 * over TLS the decrypted chunks go to `onBytes` as they come. `onBytes` returning false pauses
 * reading until `socket.resume()`.
 */
export async function connectEngine(route: EngineRoute, nextBuffer: () => Buffer, onBytes: (bytes: Buffer) => boolean): Promise<net.Socket> {
  if (route.kind === 'tls') {
    // Loaded here, not at start-up: no command over a unix socket or plain tcp:// pays for TLS.
    const tls = await import('node:tls');
    const socket = tls.connect({ host: route.host, port: route.port, servername: net.isIP(route.host) ? undefined : route.host, ca: route.ca, cert: route.cert, key: route.key } as import('node:tls').ConnectionOptions);
    socket.on('data', (chunk: Buffer) => {
      if (!onBytes(chunk)) socket.pause();
    });
    return socket;
  }
  const onread = { buffer: nextBuffer, callback: (n: number, buf: Uint8Array) => onBytes(Buffer.from(buf.buffer, buf.byteOffset, n)) };
  return route.kind === 'unix' ? net.connect({ path: route.path, onread }) : net.connect({ host: route.host, port: route.port, onread });
}
