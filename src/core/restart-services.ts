import type { DockerGateway } from '../docker/types.js';
import { UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import type { ProgressSink } from './progress.js';
import { listProjectContainers, notDeployedText } from './project-containers.js';
import { pickServices, type StackContext } from './stack-context.js';
import { waitForStack } from './wait-for-stack.js';

/** What `restart` did. */
export interface RestartResult {
  project: string;
  services: { service: string; containerId: string }[];
}

/**
 * Restarts the named services' containers (all when none are named) in dependency order and waits
 * until they are ready again. Like `docker compose restart`, it does not apply compose-file changes:
 * that is `deploy`.
 */
export async function restartServices(
  ctx: StackContext,
  gateway: DockerGateway,
  progress: ProgressSink,
  opts: { services: string[]; timeoutSeconds: number; waitTimeoutMs: number; wait: boolean },
): Promise<RestartResult> {
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
  for (const s of wanted) {
    const c = byService.get(s.name)!;
    progress.begin(`restart:${s.name}`, `${s.name}: restarting`);
    await gateway.restartContainer(c.id, opts.timeoutSeconds);
    progress.succeed(`restart:${s.name}`, `${s.name}: restarted`);
    ids.set(s.name, c.id);
  }
  if (opts.wait) await waitForStack(gateway, ids, { timeoutMs: opts.waitTimeoutMs, progress });
  return { project: ctx.project, services: [...ids].map(([service, containerId]) => ({ service, containerId })) };
}
