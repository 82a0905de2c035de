import type { ServiceSpec } from '../compose/types.js';
import { containerBody, networkAliases } from '../docker/container-body.js';
import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import { containerLabels, projectLabels } from './container-labels.js';
import { isSetAside, setAsideMarker, type DeployPlan, type DesiredService, type ServiceAction } from './plan-deploy.js';
import type { ProgressSink } from './progress.js';
import { containerName } from './resource-names.js';
import type { StackContext } from './stack-context.js';
import { waitForHealthyDependency } from './wait-for-stack.js';

/** What applying needs besides the plan. */
export interface ApplyDeps {
  gateway: DockerGateway;
  progress: ProgressSink;
  /** Absolute deadline for waits on `service_healthy` dependencies. */
  deadline: number;
  stopTimeoutSeconds: number;
}

/** Container ID per service after applying. */
export type AppliedContainers = Map<string, string>;

/** Creates a service's container (not started) and connects its other networks; removed again if that fails. */
export async function createServiceContainer(ctx: StackContext, want: DesiredService, gateway: DockerGateway): Promise<string> {
  const spec = want.spec;
  const body = containerBody(spec, {
    name: containerName(ctx.project, spec),
    labels: containerLabels(ctx, spec, want.hash, want.imageId),
    networkNames: ctx.networkNames,
    volumeNames: ctx.volumeNames,
  });
  const id = await gateway.createContainer(body, spec.name);
  try {
    // The API attaches one network at create time; the others are connected before start.
    for (const n of spec.networks.slice(1)) await gateway.connectNetwork(ctx.networkNames[n] ?? n, id, networkAliases(spec, n));
  } catch (err) {
    await gateway.removeContainer(id).catch(() => undefined);
    throw err;
  }
  return id;
}

/** Starts a container just created; removes it when it cannot start. */
export async function startCreated(gateway: DockerGateway, id: string, service: string): Promise<void> {
  try {
    await gateway.startContainer(id, service);
  } catch (err) {
    await gateway.removeContainer(id).catch(() => undefined);
    throw err;
  }
}

async function createAndStart(ctx: StackContext, want: DesiredService, deps: ApplyDeps): Promise<string> {
  const id = await createServiceContainer(ctx, want, deps.gateway);
  await startCreated(deps.gateway, id, want.spec.name);
  return id;
}

/** The name a container gets while its replacement starts: `<name>-replaced-<id12>`. */
export function asideName(old: ContainerSummary): string {
  return `${old.name}${setAsideMarker}${old.id.slice(0, 12)}`;
}

/**
 * Replaces a container without losing the old one until the new one runs: the old is stopped and
 * renamed aside, and put back (and restarted if it was running) when the new one cannot start.
 */
async function recreate(ctx: StackContext, want: DesiredService, action: ServiceAction, deps: ApplyDeps): Promise<string> {
  const old = action.container!;
  const wasRunning = old.state === 'running' || old.state === 'restarting';
  if (wasRunning) await deps.gateway.stopContainer(old.id, deps.stopTimeoutSeconds);
  await deps.gateway.renameContainer(old.id, asideName(old));
  try {
    const id = await createAndStart(ctx, want, deps);
    await deps.gateway.removeContainer(old.id);
    return id;
  } catch (err) {
    await deps.gateway.renameContainer(old.id, old.name).catch(() => undefined);
    if (wasRunning) await deps.gateway.startContainer(old.id, want.spec.name).catch(() => undefined);
    throw err;
  }
}

async function waitForDependencies(spec: ServiceSpec, started: Map<string, Promise<string>>, deps: ApplyDeps): Promise<void> {
  for (const dep of spec.dependsOn) {
    const task = started.get(dep.service);
    if (!task) continue;
    const id = await task;
    if (dep.condition !== 'service_healthy') continue;
    deps.progress.update(spec.name, `${spec.name}: waiting for ${dep.service} to be healthy`);
    await waitForHealthyDependency(deps.gateway, dep.service, id, deps.deadline);
  }
}

async function applyService(ctx: StackContext, action: ServiceAction, want: DesiredService, started: Map<string, Promise<string>>, deps: ApplyDeps): Promise<string> {
  const { gateway, progress } = deps;
  if (action.action === 'keep') return action.container!.id;
  // A dependency that failed fails this service too, before anything of it is touched.
  await waitForDependencies(want.spec, started, deps);
  progress.begin(action.service, `${action.service}: ${action.action} (${action.reason})`);
  let id: string;
  if (action.action === 'create') id = await createAndStart(ctx, want, deps);
  else if (action.action === 'recreate') id = await recreate(ctx, want, action, deps);
  else {
    id = action.container!.id;
    await gateway.startContainer(id, action.service);
  }
  progress.succeed(action.service, `${action.service}: ${action.action === 'start' ? 'started' : `${action.action}d`}`);
  return id;
}

/** Carries out a plan: networks and volumes first, then services in dependency order, then orphans. */
export async function applyPlan(ctx: StackContext, plan: DeployPlan, desired: DesiredService[], deps: ApplyDeps): Promise<AppliedContainers> {
  const { gateway, progress } = deps;
  for (const name of plan.networksToCreate) {
    const compose = Object.keys(ctx.networkNames).find((k) => ctx.networkNames[k] === name) ?? name;
    const spec = ctx.stack.networks.find((n) => n.name === compose);
    await gateway.createNetwork(name, spec?.driver, { ...spec?.labels, ...projectLabels(ctx.project), [ComposeLabel.network]: compose });
    progress.info(`created network ${name}`);
  }
  for (const name of plan.volumesToCreate) {
    const compose = Object.keys(ctx.volumeNames).find((k) => ctx.volumeNames[k] === name) ?? name;
    const spec = ctx.stack.volumes.find((v) => v.name === compose);
    await gateway.createVolume(name, spec?.driver, { ...spec?.labels, ...projectLabels(ctx.project), [ComposeLabel.volume]: compose });
    progress.info(`created volume ${name}`);
  }
  // Every service starts as soon as its dependencies have: independent services are created in parallel.
  const started = new Map<string, Promise<string>>();
  for (const action of plan.services) {
    const want = desired.find((d) => d.spec.name === action.service)!;
    started.set(action.service, applyService(ctx, action, want, started, deps));
  }
  const settled = await Promise.allSettled(started.values());
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    for (const [service, task] of started) task.catch(() => progress.fail(service, `${service}: not started`));
    throw failure.reason;
  }
  const applied: AppliedContainers = new Map();
  for (const [service, task] of started) applied.set(service, await task);
  for (const orphan of plan.orphans) {
    await gateway.removeContainer(orphan.id);
    const why = isSetAside(orphan) ? 'left from an interrupted replacement' : `service ${orphan.labels[ComposeLabel.service] ?? '?'} is no longer in the compose file`;
    progress.info(`removed orphan container ${orphan.name} (${why})`);
  }
  return applied;
}
