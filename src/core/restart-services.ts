import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import type { ProgressSink } from './progress.js';
import { listProjectContainers, notDeployedText } from './project-containers.js';
import { pickServices, type StackContext } from './stack-context.js';
import { waitForStack } from './wait-for-stack.js';

/** What `restart` or `start` did, per service in the order it was done. */
export interface RestartResult {
  project: string;
  services: { service: string; containerId: string; action: 'restarted' | 'started' | 'already running' }[];
}

/** What to do to the named services' containers, and how. */
export interface CycleOptions {
  services: string[];
  waitTimeoutMs: number;
  wait: boolean;
}

/**
 * Restarts the named services' containers (all when none are named) in dependency order and waits
 * until they are ready again. Like `docker compose restart`, it does not apply compose-file changes:
 * that is `deploy`.
 */
export function restartServices(ctx: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: CycleOptions & { timeoutSeconds: number }): Promise<RestartResult> {
  return cycleServices(ctx, gateway, progress, opts, (c) => gateway.restartContainer(c.id, opts.timeoutSeconds));
}

/**
 * Starts the named services' stopped containers (all when none are named) in dependency order, leaves
 * running ones alone, and waits until all are ready: the way back from `stop`, without applying
 * compose-file changes (that is `deploy`).
 */
export function startServices(ctx: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: CycleOptions): Promise<RestartResult> {
  return cycleServices(ctx, gateway, progress, opts, undefined);
}

/** Restarts (with `restart`) or starts (without) each wanted container in dependency order, then waits. */
async function cycleServices(ctx: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: CycleOptions, restart: ((c: ContainerSummary) => Promise<void>) | undefined): Promise<RestartResult> {
  const how = restart ? 'restart' : 'start';
  const wanted = pickServices(ctx, opts.services);
  await gateway.ping();
  const containers = await listProjectContainers(gateway, ctx.project);
  const byService = new Map(containers.map((c) => [c.labels[ComposeLabel.service] ?? '', c]));
  const missing = wanted.filter((s) => !byService.has(s.name)).map((s) => s.name);
  if (missing.length > 0) {
    throw new UsageError(notDeployedText(missing, ctx.project), 'run `ish-monitor deploy` first');
  }
  const order = new Map(ctx.services.map((s, i) => [s.name, i]));
  wanted.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  const ids = new Map<string, string>();
  const done: RestartResult['services'] = [];
  for (const s of wanted) {
    const c = byService.get(s.name)!;
    ids.set(s.name, c.id);
    if (how === 'start' && c.state === 'running') {
      done.push({ service: s.name, containerId: c.id, action: 'already running' });
      continue;
    }
    progress.begin(`${how}:${s.name}`, `${s.name}: ${how === 'start' ? 'starting' : 'restarting'}`);
    await (restart ? restart(c) : gateway.startContainer(c.id, s.name));
    const action = how === 'start' ? 'started' : 'restarted';
    progress.succeed(`${how}:${s.name}`, `${s.name}: ${action}`);
    done.push({ service: s.name, containerId: c.id, action });
  }
  if (opts.wait) await waitForStack(gateway, ids, { timeoutMs: opts.waitTimeoutMs, progress });
  return { project: ctx.project, services: done };
}
