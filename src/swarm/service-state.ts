import type { SwarmNode, SwarmService, SwarmTask } from '../docker/swarm-types.js';
import { SwarmLabel } from './swarm-labels.js';
import { stoppedAs } from './stopped-spec.js';
import { compareText } from '../core/compare-text.js';

/** One task as status shows it: where it runs and in what state. */
export interface TaskView {
  id: string;
  node: string;
  state: string;
  desiredState: string;
  message: string;
  containerId?: string;
}

/** Desired against running tasks of one Swarm service, and how its last update went. */
export interface SwarmServiceState {
  /** Swarm service name. */
  name: string;
  id: string;
  /** Compose service and peer number. */
  service: string;
  peer: number;
  desired: number;
  running: number;
  /** Tasks Swarm wants running, then the most recent others (failed, shut down), newest first. */
  tasks: TaskView[];
  /** Swarm's UpdateStatus.State, e.g. `updating`, `completed`, `rollback_completed`. */
  updateState?: string;
  updateMessage?: string;
  /** The last update failed and Swarm went back to the previous spec. */
  rolledBack: boolean;
  /** A rolling update or rollback is under way. */
  converging: boolean;
  /** The label hash of the spec it runs. */
  specHash: string;
  /** Stopped by `stop --swarm`: the replicas it had, or `global`. */
  stopped?: number | 'global';
}

const settling = new Set(['updating', 'rollback_started']);
const historyShown = 3;

/**
 * Desired and running tasks per service. A replicated service wants its replica count; a global
 * one a task per eligible node, which is how many tasks Swarm wants running.
 */
export function serviceStates(services: SwarmService[], tasks: SwarmTask[], nodes: SwarmNode[]): SwarmServiceState[] {
  const host = new Map(nodes.map((n) => [n.id, n.hostname]));
  return services
    .map((s) => {
      const own = tasks.filter((t) => t.serviceId === s.id).sort((a, b) => compareText(b.updatedAt, a.updatedAt));
      const wanted = own.filter((t) => t.desiredState === 'running');
      const others = own.filter((t) => t.desiredState !== 'running').slice(0, historyShown);
      const view = (t: SwarmTask): TaskView => ({ id: t.id, node: host.get(t.nodeId) ?? (t.nodeId || '(unassigned)'), state: t.state, desiredState: t.desiredState, message: t.message, ...(t.containerId ? { containerId: t.containerId } : {}) });
      return {
        name: s.name,
        id: s.id,
        service: s.labels[SwarmLabel.service] ?? s.name,
        peer: Number(s.labels[SwarmLabel.peer] ?? 1),
        desired: s.replicas ?? wanted.length,
        running: wanted.filter((t) => t.state === 'running').length,
        tasks: [...wanted, ...others].map(view),
        ...(s.updateState ? { updateState: s.updateState } : {}),
        ...(s.updateMessage ? { updateMessage: s.updateMessage } : {}),
        rolledBack: s.updateState === 'rollback_completed',
        converging: settling.has(s.updateState ?? ''),
        specHash: s.labels[SwarmLabel.specHash] ?? '',
        ...(stoppedAs(s) !== undefined ? { stopped: stoppedAs(s)! } : {}),
      };
    })
    .sort((a, b) => compareText(a.name, b.name));
}
