import type { ServiceSpec } from '../compose/types.js';
import type { SwarmGateway } from '../docker/swarm-types.js';
import type { DockerGateway } from '../docker/types.js';
import { UsageError } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { SwarmLabel } from '../swarm/swarm-labels.js';
import { stoppedAs, unstoppedBody } from '../swarm/stopped-spec.js';
import { requireManager } from './require-manager.js';
import type { ProgressSink } from './progress.js';
import { lookAtSwarm, waitForSwarm } from './wait-for-swarm.js';

/** What `restart --swarm` did: the Swarm services whose tasks were replaced, in order. */
export interface SwarmRestartResult {
  project: string;
  target: 'swarm';
  restarted: string[];
}

/**
 * Restarts the Swarm services of the named compose services by replacing their tasks (ForceUpdate,
 * as `docker service update --force`), one peer at a time, each waited for until a new task is ready
 * before the next: an HA pair or the AlertManager cluster keeps answering throughout.
 */
export async function restartSwarm(project: string, services: ServiceSpec[], gateway: DockerGateway, swarm: SwarmGateway, progress: ProgressSink, opts: { wait: boolean; waitTimeoutMs: number; clock: Clock }): Promise<SwarmRestartResult> {
  await requireManager(swarm, gateway.endpoint);
  const look = await lookAtSwarm(swarm, project);
  const order = new Map(services.map((s, i) => [s.name, i]));
  const targets = look.states.filter((s) => order.has(s.service)).sort((a, b) => order.get(a.service)! - order.get(b.service)! || a.peer - b.peer);
  if (targets.length === 0) throw new UsageError(`none of ${services.map((s) => s.name).join(', ')} is deployed on the swarm for project ${project}`, 'run `ish-monitor deploy --swarm` first');
  const deadline = opts.clock.now() + opts.waitTimeoutMs;
  for (const state of targets) {
    const s = look.services.find((x) => x.id === state.id)!;
    const old = new Set(state.tasks.filter((t) => t.desiredState === 'running').map((t) => t.id));
    // Stopped by stop --swarm: restarting starts it, with the replicas it had (as plain restart starts a stopped container).
    const stopped = stoppedAs(s) !== undefined;
    progress.info(`${s.name}: ${stopped ? 'starting (it was stopped)' : 'replacing its tasks'}`);
    await swarm.updateService(s.id, s.version, stopped ? unstoppedBody(s) : { ...s.spec, TaskTemplate: { ...s.spec.TaskTemplate, ForceUpdate: (s.spec.TaskTemplate.ForceUpdate ?? 0) + 1 } });
    if (opts.wait) {
      const want = new Map([[s.name, s.labels[SwarmLabel.specHash] ?? '']]);
      await waitForSwarm(swarm, gateway, project, want, { timeoutMs: Math.max(1_000, deadline - opts.clock.now()), progress, clock: opts.clock, replacing: new Map([[s.name, old]]) });
    }
  }
  return { project, target: 'swarm', restarted: targets.map((t) => t.name) };
}
