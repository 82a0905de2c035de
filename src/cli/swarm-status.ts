import type { DockerGateway } from '../docker/types.js';
import { DockerUnreachableError } from '../errors.js';
import { paint, type OutputMode } from '../output/style.js';
import { printMetrics } from './metrics-output.js';
import { emit } from './runtime.js';

/** `status --swarm`: tasks per service and node, probes, AlertManager cluster; returns the Nagios exit code. */
export async function swarmStatusCommand(project: string, gateway: DockerGateway, mode: OutputMode, o: { probeTimeout: number; format: string; output?: string; quiet?: boolean }): Promise<number> {
  const [{ connectSwarm }, { getSwarmStatus }, { requireManager }, { unknownLevel }, { renderSwarmStatus }] = await Promise.all([
    import('../docker/swarm-gateway.js'),
    import('../core/swarm-status.js'),
    import('../core/require-manager.js'),
    import('../core/status-level.js'),
    import('../output/render-swarm-status.js'),
  ]);
  const swarm = connectSwarm(process.env);
  let status;
  try {
    await requireManager(swarm, gateway.endpoint);
    status = await getSwarmStatus(project, gateway, swarm, { probeTimeoutMs: o.probeTimeout });
  } catch (err) {
    if (!(err instanceof DockerUnreachableError)) throw err;
    status = { project, target: 'swarm' as const, engine: { endpoint: gateway.endpoint, reachable: false }, ...unknownLevel(), services: [], findings: [], error: err.message };
  }
  if (o.format === 'prometheus') {
    const { renderSwarmStatusMetrics } = await import('../output/render-swarm-status-metrics.js');
    await printMetrics(renderSwarmStatusMetrics(status, Date.now()), o.output);
    return status.exitCode;
  }
  if (o.quiet && status.exitCode === 0) return 0;
  emit({ ...mode, json: mode.json || o.format === 'json' }, status, () => renderSwarmStatus(status, paint(mode.color)));
  return status.exitCode;
}
