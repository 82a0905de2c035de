import type { DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import type { ProgressSink } from './progress.js';
import { listProjectContainers } from './project-containers.js';
import { pickServices, type StackContext } from './stack-context.js';

/** What `stop` did per service. */
export interface StopResult {
  project: string;
  services: { service: string; container: string; action: 'stopped' | 'already stopped' }[];
}

/**
 * Stops the project's containers (all, or the named services), dependents before their
 * dependencies; containers, volumes and networks are kept.
 */
export async function stopStack(
  ctx: StackContext,
  gateway: DockerGateway,
  progress: ProgressSink,
  opts: { services: string[]; timeoutSeconds: number },
): Promise<StopResult> {
  const named = opts.services.length > 0 ? new Set(pickServices(ctx, opts.services).map((s) => s.name)) : undefined;
  await gateway.ping();
  const containers = (await listProjectContainers(gateway, ctx.project)).filter((c) => !named || named.has(c.labels[ComposeLabel.service] ?? ''));
  // Reverse start order: grafana before prometheus before alertmanager; unknown services first.
  const rank = new Map(ctx.stack.services.map((s, i) => [s.name, i]));
  const startOrder = new Map(ctx.services.map((s, i) => [s.name, i]));
  const key = (service: string) => startOrder.get(service) ?? (rank.has(service) ? -1 : -2);
  containers.sort((a, b) => key(b.labels[ComposeLabel.service] ?? '') - key(a.labels[ComposeLabel.service] ?? ''));
  const services: StopResult['services'] = [];
  for (const c of containers) {
    const service = c.labels[ComposeLabel.service] ?? c.name;
    if (c.state !== 'running' && c.state !== 'restarting' && c.state !== 'paused') {
      services.push({ service, container: c.name, action: 'already stopped' });
      continue;
    }
    progress.begin(`stop:${service}`, `${service}: stopping`);
    await gateway.stopContainer(c.id, opts.timeoutSeconds);
    progress.succeed(`stop:${service}`, `${service}: stopped`);
    services.push({ service, container: c.name, action: 'stopped' });
  }
  return { project: ctx.project, services };
}
