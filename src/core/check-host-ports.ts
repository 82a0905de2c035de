import { createServer } from 'node:net';
import type { ServiceSpec } from '../compose/types.js';
import { ConfigError, EngineError } from '../errors.js';

/** A host port some service will publish. */
interface Wanted {
  service: string;
  hostIp: string;
  port: number;
}

function tryBind(hostIp: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err) => resolve(err as NodeJS.ErrnoException));
    server.listen({ host: hostIp === '' ? '0.0.0.0' : hostIp, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * Before anything is created: every TCP port the services will publish must be free on this host,
 * unless one of the project's own running containers already holds it (`heldByProject`).
 * Only meaningful when the engine runs on this host.
 */
export async function checkHostPorts(services: ServiceSpec[], heldByProject: Set<number>): Promise<void> {
  const wanted: Wanted[] = services.flatMap((s) =>
    s.ports
      .filter((p) => p.protocol === 'tcp' && p.published !== undefined && !heldByProject.has(p.published))
      .map((p) => ({ service: s.name, hostIp: p.hostIp ?? '', port: p.published! })),
  );
  const seen = new Map<number, string>();
  for (const w of wanted) {
    const other = seen.get(w.port);
    if (other) throw new ConfigError(`services ${other} and ${w.service} both publish host port ${w.port}`, 'give one of them another port in compose/.env');
    seen.set(w.port, w.service);
  }
  const results = await Promise.all(wanted.map(async (w) => ({ w, err: await tryBind(w.hostIp, w.port) })));
  for (const { w, err } of results) {
    if (!err) continue;
    const where = `${w.hostIp || '0.0.0.0'}:${w.port}`;
    if (err.code === 'EADDRINUSE') {
      throw new EngineError(
        `port ${where} of service ${w.service} is already in use on this host`,
        `stop what listens there (\`ss -ltnp 'sport = :${w.port}'\` shows it), or set another port in compose/.env`,
      );
    }
    if (err.code === 'EADDRNOTAVAIL') {
      throw new ConfigError(`bind address ${w.hostIp} of service ${w.service} is not an address of this host`, 'set ISH_MONITOR_BIND_ADDRESS to 127.0.0.1, 0.0.0.0 or an address this host has');
    }
    throw new EngineError(`cannot check port ${where} of service ${w.service}: ${err.code ?? err.message}`);
  }
}
