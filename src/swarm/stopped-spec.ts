import type { SwarmService, SwarmServiceBody } from '../docker/swarm-types.js';
import { SwarmLabel } from './swarm-labels.js';

/** The placement constraint of a stopped global service: no node has this ID, so no node runs a task. */
export const noNodeConstraint = 'node.id == ish-monitor-stopped';

/** What `stop --swarm` recorded on a service: its replicas, `global`, or undefined when it is not stopped. */
export function stoppedAs(s: Pick<SwarmService, 'labels'>): number | 'global' | undefined {
  const v = s.labels[SwarmLabel.stopped];
  if (v === undefined) return undefined;
  if (v === 'global') return v;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

/**
 * The spec that stops a service while keeping everything else (volumes, configs, its spec hash):
 * a replicated service scaled to 0, a global one (which cannot scale) constrained to a node that
 * does not exist; either way the label records what to bring back.
 */
export function stoppedBody(s: SwarmService): SwarmServiceBody {
  const spec = s.spec;
  const labels = { ...spec.Labels, [SwarmLabel.stopped]: 'Global' in spec.Mode ? 'global' : String(s.replicas ?? 1) };
  if ('Global' in spec.Mode) {
    const placement = spec.TaskTemplate.Placement ?? { Constraints: [], Preferences: [] };
    return { ...spec, Labels: labels, TaskTemplate: { ...spec.TaskTemplate, Placement: { ...placement, Constraints: [...(placement.Constraints ?? []), noNodeConstraint] } } };
  }
  return { ...spec, Labels: labels, Mode: { Replicated: { Replicas: 0 } } };
}

/**
 * The body that starts a stopped service again: the spec deploy generated (its constraints, without
 * the stop's), with the replicas the service had when it was stopped.
 */
export function startedBody(desired: SwarmServiceBody, recorded: number | 'global'): SwarmServiceBody {
  if (recorded === 'global' || 'Global' in desired.Mode) return desired;
  return { ...desired, Mode: { Replicated: { Replicas: recorded } } };
}

/** The inverse of stoppedBody on the service's current spec: its replicas back, the stop's constraint and label gone (restart --swarm). */
export function unstoppedBody(s: SwarmService): SwarmServiceBody {
  const recorded = stoppedAs(s);
  const { [SwarmLabel.stopped]: _stop, ...labels } = s.spec.Labels;
  const placement = s.spec.TaskTemplate.Placement ?? { Constraints: [], Preferences: [] };
  const template = { ...s.spec.TaskTemplate, Placement: { ...placement, Constraints: (placement.Constraints ?? []).filter((c) => c !== noNodeConstraint) } };
  return startedBody({ ...s.spec, Labels: labels, TaskTemplate: template }, recorded ?? 1);
}
