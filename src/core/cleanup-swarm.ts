import type { SwarmGateway } from '../docker/swarm-types.js';
import type { DockerGateway } from '../docker/types.js';
import { EngineError } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { swarmFilter, SwarmLabel } from '../swarm/swarm-labels.js';
import { requireManager } from './require-manager.js';
import type { ProgressSink } from './progress.js';

/** What `cleanup --swarm` removes (or, with dryRun, would): names only. */
export interface SwarmCleanupResult {
  project: string;
  target: 'swarm';
  dryRun: boolean;
  services: string[];
  configs: string[];
  secrets: string[];
  networks: string[];
  /** Data volumes: only with `volumes`. */
  volumes: string[];
}

/**
 * Removes a swarm deployment by its labels (the stack namespace and ours, so nothing another tool
 * made is touched): services first, then, once their task containers are gone, configs, secrets and
 * the overlay network, and the peers' data volumes when asked.
 */
export async function cleanupSwarm(project: string, gateway: DockerGateway, swarm: SwarmGateway, progress: ProgressSink, opts: { dryRun: boolean; volumes: boolean; timeoutMs: number; clock: Clock }): Promise<SwarmCleanupResult> {
  await requireManager(swarm, gateway.endpoint);
  const filter = swarmFilter(project);
  const [services, configs, secrets, networks, volumes] = await Promise.all([
    swarm.listServices(filter),
    swarm.listConfigs(filter),
    swarm.listSecrets(filter),
    gateway.listNetworks(filter),
    // Volumes the engine made for the tasks carry the task labels: the namespace and the service.
    opts.volumes ? gateway.listVolumes({ [SwarmLabel.namespace]: project, [SwarmLabel.service]: '' }) : Promise.resolve([]),
  ]);
  const result: SwarmCleanupResult = {
    project,
    target: 'swarm',
    dryRun: opts.dryRun,
    services: services.map((s) => s.name).sort(),
    configs: configs.map((c) => c.name).sort(),
    secrets: secrets.map((s) => s.name).sort(),
    networks: networks.map((n) => n.name).sort(),
    volumes: volumes.map((v) => v.name).sort(),
  };
  if (opts.dryRun) return result;
  for (const s of services) await swarm.removeService(s.id);
  progress.begin('swarm:cleanup', `waiting for the tasks of ${services.length} services to stop`);
  const deadline = opts.clock.now() + opts.timeoutMs;
  // Configs, secrets, the network and volumes stay in use until the task containers are gone.
  while ((await gateway.listContainers({ [SwarmLabel.namespace]: project })).length > 0) {
    if (opts.clock.now() >= deadline) {
      progress.fail('swarm:cleanup', 'tasks still stopping');
      throw new EngineError(`the task containers of project ${project} did not go within ${Math.round(opts.timeoutMs / 1000)} s after their services were removed`, 'run cleanup --swarm again once `docker ps --filter label=com.docker.stack.namespace=' + project + '` is empty');
    }
    await opts.clock.sleep(500);
  }
  progress.succeed('swarm:cleanup', `services removed: ${services.length}`);
  for (const c of configs) await swarm.removeConfig(c.id);
  for (const s of secrets) await swarm.removeSecret(s.id);
  for (const n of networks) await gateway.removeNetwork(n.name);
  for (const v of volumes) await gateway.removeVolume(v.name);
  return result;
}
