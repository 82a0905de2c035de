import { createServer, type AddressInfo, type Server } from 'node:net';

/** Ports this process has handed out: a stack allocated earlier may not have published its ports yet. */
const handedOut = new Set<number>();

function listenOnLoopback(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * A distinct free TCP port on loopback for each name, none handed out before by this process. The listeners
 * stay open until all are found, so the kernel cannot give the same port twice (it did: two services
 * of one test stack got one port). The race with other processes between release and use is accepted.
 */
export async function freePorts<Name extends string>(names: readonly Name[]): Promise<Record<Name, number>> {
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < names.length) {
      const server = await listenOnLoopback();
      servers.push(server);
      const { port } = server.address() as AddressInfo;
      if (!handedOut.has(port)) ports.push(port);
    }
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
  for (const port of ports) handedOut.add(port);
  return Object.fromEntries(names.map((name, i) => [name, ports[i]])) as Record<Name, number>;
}

export async function freePort(): Promise<number> {
  return (await freePorts(['port'])).port;
}
