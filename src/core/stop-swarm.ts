import type { ServiceSpec } from '../compose/types.js';
import type { SwarmGateway, SwarmService } from '../docker/swarm-types.js';
import type { DockerGateway } from '../docker/types.js';
import { NotReadyError } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { SwarmLabel } from '../swarm/swarm-labels.js';
import { stoppedAs, stoppedBody } from '../swarm/stopped-spec.js';
import { requireManager } from './require-manager.js';
import type { ProgressSink } from './progress.js';
import { lookAtSwarm } from './wait-for-swarm.js';
import { compareText } from './compare-text.js';

/** What `stop --swarm` did per Swarm service: the replicas recorded (or `global`). */
export interface SwarmStopResult {
  project: string;
  target: 'swarm';
  services: { name: string; service: string; action: 'stopped' | 'already stopped'; recorded: number | 'global' }[];
}

/** Task states whose container is gone or going for good. */
const finished = new Set(['complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned']);

/**
 * Stops the Swarm services of the named compose services: a replicated one is scaled to 0, a global
 * one constrained to a node that does not exist, each labelled with what it had so `deploy --swarm`
 * brings exactly that back; volumes, configs and secrets stay. Services stopped before are left as
 * they are (their label keeps the replicas). Waits until every task of the stopped services is finished.
 */
export async function stopSwarm(project: string, services: ServiceSpec[], gateway: DockerGateway, swarm: SwarmGateway, progress: ProgressSink, opts: { timeoutMs: number; clock: Clock }): Promise<SwarmStopResult> {
  await requireManager(swarm, gateway.endpoint);
  const wanted = new Set(services.map((s) => s.name));
  const look = await lookAtSwarm(swarm, project);
  const targets = look.services.filter((s) => wanted.has(s.labels[SwarmLabel.service] ?? '')).sort((a, b) => compareText(a.name, b.name));
  const result: SwarmStopResult = { project, target: 'swarm', services: [] };
  for (const s of targets) {
    const service = s.labels[SwarmLabel.service] ?? s.name;
    const before = stoppedAs(s);
    if (before !== undefined) {
      result.services.push({ name: s.name, service, action: 'already stopped', recorded: before });
      continue;
    }
    const body = stoppedBody(s);
    await swarm.updateService(s.id, s.version, body);
    result.services.push({ name: s.name, service, action: 'stopped', recorded: stoppedAs({ labels: body.Labels })! });
  }
  if (targets.length === 0) return result;
  await waitForTasksGone(swarm, project, targets, progress, opts);
  return result;
}

/** Waits until no task of the services runs or is wanted running; NotReadyError naming the tasks past the deadline. */
export async function waitForTasksGone(swarm: SwarmGateway, project: string, services: Pick<SwarmService, 'id' | 'name'>[], progress: ProgressSink, opts: { timeoutMs: number; clock: Clock }): Promise<void> {
  progress.begin('swarm:stop', `waiting for the tasks of ${services.map((s) => s.name).join(', ')} to stop`);
  const deadline = opts.clock.now() + opts.timeoutMs;
  for (;;) {
    const left = (await swarm.listTasks(services.map((s) => s.id))).filter((t) => t.desiredState === 'running' || !finished.has(t.state));
    if (left.length === 0) return progress.succeed('swarm:stop', `no task left: ${services.map((s) => s.name).join(', ')}`);
    if (opts.clock.now() >= deadline) {
      progress.fail('swarm:stop', `${left.length} tasks still running`);
      const names = new Map(services.map((s) => [s.id, s.name]));
      throw new NotReadyError(`${left.length} tasks of project ${project} did not stop within ${Math.round(opts.timeoutMs / 1000)} s`, left.map((t) => `  ${names.get(t.serviceId)}: task ${t.id} ${t.state}`), 'run stop --swarm again, or see `docker service ps <name>`');
    }
    progress.update('swarm:stop', `${left.length} tasks still stopping`);
    await opts.clock.sleep(500);
  }
}
