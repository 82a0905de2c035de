import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/compose/types.js';
import { checkHostPorts } from '../../../src/core/check-host-ports.js';
import { serviceSpec } from '../../support/service-spec.js';

const svc = (name: string, port: number, hostIp = '127.0.0.1'): ServiceSpec =>
  serviceSpec(name, { ports: [{ target: 1, published: port, hostIp, protocol: 'tcp' }], networks: [] });

async function listening(): Promise<{ port: number; close: () => void }> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  return { port: typeof a === 'object' && a ? a.port : 0, close: () => s.close() };
}

describe('checkHostPorts (real sockets)', () => {
  it('names port and service when something else listens there', async () => {
    const held = await listening();
    try {
      await expect(checkHostPorts([svc('grafana', held.port)], new Set())).rejects.toThrow(`port 127.0.0.1:${held.port} of service grafana is already in use on this host`);
    } finally {
      held.close();
    }
  });

  it('accepts a port held by the project itself', async () => {
    const held = await listening();
    try {
      await expect(checkHostPorts([svc('grafana', held.port)], new Set([held.port]))).resolves.toBeUndefined();
    } finally {
      held.close();
    }
  });

  it('refuses two services on one host port', async () => {
    await expect(checkHostPorts([svc('a', 45678), svc('b', 45678)], new Set())).rejects.toThrow('services a and b both publish host port 45678');
  });

  it('refuses a bind address this host does not have', async () => {
    await expect(checkHostPorts([svc('a', 45679, '192.0.2.10')], new Set())).rejects.toThrow('bind address 192.0.2.10 of service a is not an address of this host');
  });
});
