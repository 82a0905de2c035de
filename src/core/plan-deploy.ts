import type { ServiceSpec } from '../compose/types.js';
import type { ContainerSummary, NamedResource } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';

/** A service as deploy wants it: its spec, config hash and the ID of the image it should run. */
export interface DesiredService {
  spec: ServiceSpec;
  hash: string;
  imageId: string;
}

/** What deploy does with one service. */
export type ServiceActionKind = 'create' | 'recreate' | 'start' | 'keep';

/** One line of the plan for a service. */
export interface ServiceAction {
  service: string;
  action: ServiceActionKind;
  /** Why: "not deployed", "configuration changed", "image changed", "stopped", "up to date". */
  reason: string;
  /** The existing container, for recreate/start/keep. */
  container?: ContainerSummary;
}

/** The whole convergence plan, services in dependency order. */
export interface DeployPlan {
  networksToCreate: string[];
  volumesToCreate: string[];
  services: ServiceAction[];
  /** Containers of the project whose service no longer exists in the compose file. */
  orphans: ContainerSummary[];
}

/** What the planner compares. */
export interface PlanInput {
  /** Selected services, already in dependency order. */
  desired: DesiredService[];
  /** Every service name in the compose file, selected or not (their containers are not orphans). */
  declaredServices: string[];
  /** Engine names of the networks and volumes the selected services need. */
  networks: string[];
  volumes: string[];
  actualContainers: ContainerSummary[];
  actualNetworks: NamedResource[];
  actualVolumes: NamedResource[];
  /** Recreate even when nothing changed. */
  forceRecreate?: boolean;
}

function actionFor(want: DesiredService, current: ContainerSummary | undefined, force: boolean): Omit<ServiceAction, 'service'> {
  if (!current) return { action: 'create', reason: 'not deployed' };
  if (force) return { action: 'recreate', reason: 'forced', container: current };
  if (current.labels[ComposeLabel.configHash] !== want.hash) return { action: 'recreate', reason: 'configuration changed', container: current };
  if (current.imageId !== want.imageId) return { action: 'recreate', reason: 'image changed', container: current };
  if (current.state === 'dead' || current.state === 'removing') return { action: 'recreate', reason: `container is ${current.state}`, container: current };
  if (current.state === 'running' || current.state === 'restarting') return { action: 'keep', reason: 'up to date', container: current };
  return { action: 'start', reason: current.state === 'created' ? 'created, never started' : 'stopped', container: current };
}

/** Suffix of the name a container gets while its replacement starts (apply-plan). */
export const setAsideMarker = '-replaced-';

/** A container renamed aside during a replacement that did not finish (e.g. interrupted). */
export function isSetAside(c: ContainerSummary): boolean {
  return c.name.includes(setAsideMarker);
}

/** Compares desired and actual state: the pure heart of convergence. */
export function planDeploy(input: PlanInput): DeployPlan {
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of input.actualContainers) {
    const name = c.labels[ComposeLabel.service] ?? '';
    byService.set(name, [...(byService.get(name) ?? []), c]);
  }
  const declared = new Set(input.declaredServices);
  const orphans: ContainerSummary[] = [];
  for (const [name, list] of byService) {
    // Extra replicas of a declared service are orphans too: the stack runs one of each. A container
    // set aside by an interrupted replacement (see apply-plan) is the one to drop, not the new one.
    const rank = (c: ContainerSummary) => Number(c.labels[ComposeLabel.containerNumber] ?? 1) + (isSetAside(c) ? 1e6 : 0);
    list.sort((a, b) => rank(a) - rank(b));
    // The first of each declared service is the one planned below; the rest go.
    orphans.push(...(declared.has(name) ? list.slice(1) : list));
  }
  const haveNetworks = new Set(input.actualNetworks.map((n) => n.name));
  const haveVolumes = new Set(input.actualVolumes.map((v) => v.name));
  return {
    networksToCreate: input.networks.filter((n) => !haveNetworks.has(n)),
    volumesToCreate: input.volumes.filter((v) => !haveVolumes.has(v)),
    services: input.desired.map((want) => ({
      service: want.spec.name,
      ...actionFor(want, byService.get(want.spec.name)?.[0], input.forceRecreate ?? false),
    })),
    orphans,
  };
}

/** True when the plan changes nothing on the engine. */
export function isNoop(plan: DeployPlan): boolean {
  return (
    plan.networksToCreate.length === 0 &&
    plan.volumesToCreate.length === 0 &&
    plan.orphans.length === 0 &&
    plan.services.every((s) => s.action === 'keep')
  );
}
