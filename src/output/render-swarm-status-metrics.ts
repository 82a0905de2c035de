import type { SwarmStackStatus } from '../core/swarm-status.js';
import { gaugeText, levelValue } from './render-status-metrics.js';

/**
 * `status --swarm` as Prometheus text-format metrics (the families of plain status where they apply,
 * per Swarm service: `service` is the compose service, `peer` its peer number), plus desired and
 * running tasks and the AlertManager cluster size.
 */
export function renderSwarmStatusMetrics(s: SwarmStackStatus, nowMs: number): string {
  const p = { project: s.project };
  const { metric, text } = gaugeText(s, nowMs);
  const svc = (r: SwarmStackStatus['services'][number]) => ({ ...p, service: r.service, peer: String(r.peer), core: String(r.core) });
  metric('ish_monitor_service_level', 'Service level: 0 ok, 1 degraded, 2 down.', s.services.map((r) => [svc(r), levelValue[r.level]]));
  metric('ish_monitor_swarm_tasks_desired', 'Tasks Swarm wants running for the peer\'s service (0 when stopped).', s.services.map((r) => [svc(r), r.desired]));
  metric('ish_monitor_swarm_tasks_running', 'Tasks of the peer\'s service that run.', s.services.map((r) => [svc(r), r.running]));
  metric('ish_monitor_swarm_service_stopped', 'Whether stop --swarm stopped the peer\'s service.', s.services.map((r) => [svc(r), r.stopped ? 1 : 0]));
  metric('ish_monitor_swarm_rolled_back', 'Whether the last rolling update of the peer\'s service was rolled back.', s.services.map((r) => [svc(r), r.rolledBack ? 1 : 0]));
  const probed = s.services.filter((r) => r.probe);
  metric('ish_monitor_probe_success', 'Whether the service\'s own endpoint answered as expected.', probed.map((r) => [svc(r), r.probe!.ok ? 1 : 0]));
  metric('ish_monitor_probe_duration_seconds', 'How long the probe took.', probed.map((r) => [svc(r), r.probe!.latencyMs / 1000]));
  const cl = s.alertmanagerCluster;
  metric('ish_monitor_swarm_alertmanager_peers', 'AlertManager cluster peers as a peer on this node reports them (absent when it could not be asked).', cl && !('error' in cl) ? [[p, cl.peers]] : []);
  metric('ish_monitor_swarm_alertmanager_peers_expected', 'AlertManager peer services deployed.', cl ? [[p, cl.expected]] : []);
  return text();
}
