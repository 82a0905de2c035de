import type { SwarmGateway } from '../docker/swarm-types.js';
import { ExitCode, IshError } from '../errors.js';

/** Refuses unless the engine is a swarm manager, naming what to run. */
export async function requireManager(swarm: SwarmGateway, endpoint: string): Promise<void> {
  const m = await swarm.membership();
  if (m.state === 'active' && m.manager) return;
  throw new IshError(
    `the Docker engine at ${endpoint} is not a swarm manager (swarm state: ${m.state}${m.state === 'active' ? ', worker' : ''})`,
    ExitCode.swarm,
    m.state === 'active' ? 'run deploy --swarm against a manager node (DOCKER_HOST)' : 'run `docker swarm init` on this host (or point DOCKER_HOST at a manager), then deploy --swarm again',
  );
}
