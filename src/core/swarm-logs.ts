import type { ServiceSpec } from '../compose/types.js';
import type { SwarmGateway } from '../docker/swarm-types.js';
import { UsageError } from '../errors.js';
import { swarmFilter, SwarmLabel } from '../swarm/swarm-labels.js';

/** One log line of a Swarm service (all its tasks), with the engine's timestamp. */
export interface SwarmLogLine {
  service: string;
  time: string;
  line: string;
}

/**
 * The logs of the Swarm services of the named compose services (every peer), merged in time order;
 * each service keeps its own order. `tail` counts per Swarm service.
 */
export async function readSwarmLogs(project: string, services: ServiceSpec[], swarm: SwarmGateway, tail: number | undefined): Promise<SwarmLogLine[]> {
  const wanted = new Set(services.map((s) => s.name));
  const targets = (await swarm.listServices(swarmFilter(project))).filter((s) => wanted.has(s.labels[SwarmLabel.service] ?? '')).sort((a, b) => a.name.localeCompare(b.name));
  if (targets.length === 0) throw new UsageError(`none of ${[...wanted].join(', ')} is deployed on the swarm for project ${project}`, 'run `ish-monitor deploy --swarm` first');
  const perService = await Promise.all(
    targets.map(async (s) =>
      (await swarm.serviceLogs(s.id, tail)).map((raw) => {
        const space = raw.indexOf(' ');
        return { service: s.name, time: space > 0 ? raw.slice(0, space) : '', line: space > 0 ? raw.slice(space + 1) : raw };
      }),
    ),
  );
  // A stable sort by time: RFC 3339 with nanoseconds from one engine compares as text.
  return perService.flat().sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
