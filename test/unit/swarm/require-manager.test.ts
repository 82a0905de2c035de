import { describe, expect, it } from 'vitest';
import { requireManager } from '../../../src/core/require-manager.js';
import type { SwarmGateway, SwarmMembership } from '../../../src/docker/swarm-types.js';
import { ExitCode, IshError } from '../../../src/errors.js';

/** FAKE: only the membership answer of an engine, the one call requireManager makes. */
const fakeEngine = (m: SwarmMembership) => ({ membership: async () => m }) as unknown as SwarmGateway;

describe('requireManager', () => {
  it('refuses an engine in no swarm with exit 80, naming `docker swarm init`', async () => {
    const err = await requireManager(fakeEngine({ state: 'inactive', manager: false, nodeId: '' }), 'unix:///var/run/docker.sock').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IshError);
    expect((err as IshError).exitCode).toBe(ExitCode.swarm);
    expect((err as IshError).message).toBe('the Docker engine at unix:///var/run/docker.sock is not a swarm manager (swarm state: inactive)');
    expect((err as IshError).hint).toContain('docker swarm init');
  });

  it('refuses a worker, pointing at a manager', async () => {
    const err = (await requireManager(fakeEngine({ state: 'active', manager: false, nodeId: 'w' }), 'tcp://w:2375').catch((e: unknown) => e)) as IshError;
    expect(err.message).toContain('(swarm state: active, worker)');
    expect(err.hint).toContain('manager');
  });

  it('accepts a manager', async () => {
    await expect(requireManager(fakeEngine({ state: 'active', manager: true, nodeId: 'm' }), 'x')).resolves.toBeUndefined();
  });
});
