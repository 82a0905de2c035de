import type { DockerGateway, PublishedPort } from '../docker/types.js';
import type { SwarmGateway, SwarmService } from '../docker/swarm-types.js';
import { NotReadyError, RolledBackError } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { probeHttp, type ProbeResult } from '../health/probe-http.js';
import { probeTarget } from '../health/probe-target.js';
import { serviceStates, type SwarmServiceState } from '../swarm/service-state.js';
import { swarmFilter } from '../swarm/swarm-labels.js';
import type { ProgressSink } from './progress.js';

const pollMs = 1_000;
const probeTimeoutMs = 2_000;

/** The swarm as one look: every service of the project with its task counts, plus the local node. */
export interface SwarmLook {
  services: SwarmService[];
  states: SwarmServiceState[];
  localNode: string;
}

/** Lists the project's services, tasks and the nodes in parallel. */
export async function lookAtSwarm(swarm: SwarmGateway, project: string): Promise<SwarmLook> {
  const [services, nodes, me] = await Promise.all([swarm.listServices(swarmFilter(project)), swarm.listNodes(), swarm.membership()]);
  const tasks = await swarm.listTasks(services.map((s) => s.id));
  return { services, states: serviceStates(services, tasks, nodes), localNode: nodes.find((n) => n.id === me.nodeId)?.hostname ?? '' };
}

/** Whether one of the service's running tasks is on the node. */
export function runsOn(state: SwarmServiceState, node: string): boolean {
  return state.tasks.some((t) => t.desiredState === 'running' && t.state === 'running' && t.node === node);
}

/** A service's host-mode ports as the probes take them (on every interface of its node). */
export function publishedPorts(s: SwarmService): PublishedPort[] {
  return (s.spec.EndpointSpec?.Ports ?? []).map((p) => ({ containerPort: p.TargetPort, hostPort: p.PublishedPort, hostIp: '0.0.0.0', protocol: p.Protocol }));
}

/**
 * Probes a service at its host-mode published port on this host, when one of its running tasks is on
 * this node (elsewhere the port is on another node's address); undefined when there is nothing to probe.
 */
export async function probeSwarmService(s: SwarmService, state: SwarmServiceState, localNode: string, publishHost: string, timeoutMs: number): Promise<ProbeResult | undefined> {
  if (!runsOn(state, localNode)) return undefined;
  const target = probeTarget(s.labels, publishedPorts(s), publishHost);
  return target ? probeHttp(target, timeoutMs) : undefined;
}

/** Why a service is not ready yet; undefined when it is. */
function pending(state: SwarmServiceState, wantHash: string, probe: ProbeResult | undefined, old: ReadonlySet<string> | undefined): string | undefined {
  if (state.converging) return `rolling update ${state.updateState}`;
  if (old && state.tasks.some((t) => t.desiredState === 'running' && old.has(t.id))) return 'old task not replaced yet';
  if (state.desired === 0) return 'no task scheduled yet';
  if (state.running < state.desired) {
    const last = state.tasks.find((t) => t.state !== 'running');
    return `${state.running}/${state.desired} tasks running${last ? ` (${last.state}${last.message ? `: ${last.message}` : ''})` : ''}`;
  }
  if (state.specHash !== wantHash) return 'still on its previous spec';
  if (probe && !probe.ok) return `probe ${probe.url}: ${probe.detail}`;
  return undefined;
}

/**
 * Waits until every named service runs its desired tasks on the spec it was given (with `replacing`:
 * none of the tasks listed for it any more) and answers its probe. A service Swarm rolled back (its update failed health checks) is a RolledBackError naming it
 * and Swarm's reason; the deadline passing is a NotReadyError with the last task states.
 */
export async function waitForSwarm(
  swarm: SwarmGateway,
  gateway: Pick<DockerGateway, 'publishHost'>,
  project: string,
  want: Map<string, string>,
  opts: { timeoutMs: number; progress: ProgressSink; clock: Clock; replacing?: Map<string, ReadonlySet<string>> },
): Promise<void> {
  const deadline = opts.clock.now() + opts.timeoutMs;
  for (const name of want.keys()) opts.progress.begin(`swarm:${name}`, `${name}: waiting for its tasks`);
  const done = new Set<string>();
  let reasons = new Map<string, string>();
  for (;;) {
    const look = await lookAtSwarm(swarm, project);
    reasons = new Map();
    for (const [name, hash] of want) {
      if (done.has(name)) continue;
      const s = look.services.find((x) => x.name === name);
      const state = look.states.find((x) => x.name === name);
      if (!s || !state) {
        reasons.set(name, 'service not found');
        continue;
      }
      // Swarm went back to the previous spec: the one it runs is not the one deploy gave it.
      if ((state.rolledBack || state.updateState === 'paused') && state.specHash !== hash) {
        for (const n of want.keys()) if (!done.has(n)) opts.progress.fail(`swarm:${n}`, `${n}: ${n === name ? 'rolled back' : 'not ready'}`);
        throw new RolledBackError(
          `${name}: the rolling update failed and Swarm rolled it back to its previous spec${state.updateMessage ? `: ${state.updateMessage}` : ''}`,
          state.tasks.map((t) => `  task on ${t.node}: ${t.state}${t.message ? ` (${t.message})` : ''}`),
          `\`ish-monitor status --swarm\` shows its tasks; fix the image or config and deploy --swarm again`,
        );
      }
      const probe = state.running >= state.desired && !state.converging ? await probeSwarmService(s, state, look.localNode, gateway.publishHost, probeTimeoutMs) : undefined;
      const why = pending(state, hash, probe, opts.replacing?.get(name));
      if (why === undefined) {
        done.add(name);
        opts.progress.succeed(`swarm:${name}`, `${name}: ${state.running}/${state.desired} running, ready`);
      } else {
        reasons.set(name, why);
        opts.progress.update(`swarm:${name}`, `${name}: ${why}`);
      }
    }
    if (done.size === want.size) return;
    if (opts.clock.now() >= deadline) break;
    await opts.clock.sleep(pollMs);
  }
  for (const [name, why] of reasons) opts.progress.fail(`swarm:${name}`, `${name}: not ready: ${why}`);
  const names = [...reasons.keys()];
  throw new NotReadyError(
    `${names.join(', ')} did not become ready within ${Math.round(opts.timeoutMs / 1000)} s: ${reasons.get(names[0]!)}`,
    [...reasons].map(([n, r]) => `  ${n}: ${r}`),
    'raise --wait-timeout if it is only slow; `docker service ps <name> --no-trunc` shows why tasks fail',
  );
}
