import type { SwarmObject, SwarmService } from '../docker/swarm-types.js';
import type { SwarmServiceDesired } from './service-specs.js';
import type { SwarmFile } from './swarm-files.js';
import { SwarmLabel } from './swarm-labels.js';
import { stoppedAs } from './stopped-spec.js';

/** What deploy does with one Swarm service. */
export interface SwarmServiceAction {
  /** Swarm service name. */
  name: string;
  service: string;
  /** `start`: stopped by `stop --swarm`; deploy gives it its spec and the replicas it had. */
  action: 'create' | 'update' | 'start' | 'keep';
  reason: string;
  /** The engine's service, for updates (ID and version). */
  current?: SwarmService;
  desired: SwarmServiceDesired;
}

/** The difference between the generated specs and what the swarm runs. */
export interface SwarmPlan {
  createNetwork: boolean;
  /** Configs and secrets whose (versioned) name the engine does not have yet. */
  objectsToCreate: SwarmFile[];
  services: SwarmServiceAction[];
}

/**
 * Compares the desired services with the project's services on the swarm: a missing one is created,
 * one whose spec-hash label differs is updated (Swarm rolls it), an equal one is kept untouched, and
 * one that `stop --swarm` stopped is started (its generated spec, with the replicas it had).
 * A changed file has a new versioned name, so it changes the spec of exactly the services mounting it.
 */
export function planSwarm(input: {
  desired: SwarmServiceDesired[];
  files: Map<string, SwarmFile>;
  actual: SwarmService[];
  existingObjects: SwarmObject[];
  networkExists: boolean;
}): SwarmPlan {
  const existing = new Set(input.existingObjects.map((o) => o.name));
  const byName = new Map(input.actual.map((s) => [s.name, s]));
  const services = input.desired.map((d): SwarmServiceAction => {
    const current = byName.get(d.body.Name);
    const base = { name: d.body.Name, service: d.service, desired: d };
    if (!current) return { ...base, action: 'create', reason: 'not deployed' };
    const stopped = stoppedAs(current);
    if (stopped !== undefined) return { ...base, action: 'start', reason: `stopped by stop --swarm (${stopped === 'global' ? 'global' : `${stopped} replica${stopped === 1 ? '' : 's'}`})`, current };
    if (current.labels[SwarmLabel.specHash] === d.hash) return { ...base, action: 'keep', reason: 'unchanged', current };
    return { ...base, action: 'update', reason: 'spec or mounted files changed', current };
  });
  return {
    createNetwork: !input.networkExists,
    objectsToCreate: [...input.files.values()].filter((f) => !existing.has(f.name)),
    services,
  };
}

/** The config and secret names a service body refers to. */
export function referencedObjects(body: SwarmServiceDesired['body']): string[] {
  const c = body.TaskTemplate.ContainerSpec;
  return [...(c.Configs ?? []).map((r) => r.ConfigName ?? ''), ...(c.Secrets ?? []).map((r) => r.SecretName ?? '')].filter(Boolean);
}
