import type { SwarmGateway } from '../docker/swarm-types.js';
import type { DockerGateway } from '../docker/types.js';
import type { ProbeResult } from '../health/probe-http.js';
import type { SwarmServiceState, TaskView } from '../swarm/service-state.js';
import { askSwarmCluster, type SwarmClusterView } from './swarm-cluster.js';
import { isCore } from './resource-names.js';
import { stackLevel, type ServiceLevel, type StackLevel } from './status-level.js';
import { lookAtSwarm, probeSwarmService } from './wait-for-swarm.js';

/** One Swarm service's row in `status --swarm`. */
export interface SwarmServiceRow {
  name: string;
  /** Compose service and peer number. */
  service: string;
  peer: number;
  core: boolean;
  desired: number;
  running: number;
  tasks: TaskView[];
  updateState?: string;
  /** Its last rolling update failed and Swarm rolled it back (UpdateStatus rollback_completed). */
  rolledBack: boolean;
  /** Stopped by `stop --swarm`. */
  stopped: boolean;
  probe?: Pick<ProbeResult, 'url' | 'ok' | 'status' | 'latencyMs' | 'detail'>;
  level: ServiceLevel;
  reason: string;
}

/** The `status --swarm` document. */
export interface SwarmStackStatus {
  project: string;
  target: 'swarm';
  engine: { endpoint: string; reachable: boolean };
  status: StackLevel;
  exitCode: number;
  services: SwarmServiceRow[];
  /** AlertManager's gossip cluster as one of its peers on this node reports it (`/api/v2/status`). */
  alertmanagerCluster?: SwarmClusterView;
  findings: { level: 'degraded' | 'info'; message: string }[];
  /** Set when the state could not be read, e.g. the engine is unreachable. */
  error?: string;
}

function judge(state: SwarmServiceState, probe: ProbeResult | undefined): { level: ServiceLevel; reason: string } {
  // Down, as a stopped container is in plain status: a stopped core service makes the stack critical.
  if (state.stopped !== undefined) return { level: 'down', reason: 'stopped by stop --swarm (deploy --swarm or restart --swarm starts it)' };
  if (state.desired > 0 && state.running === 0) return { level: 'down', reason: `0/${state.desired} tasks running` };
  if (state.running < state.desired) return { level: 'degraded', reason: `${state.running}/${state.desired} tasks running` };
  if (probe && !probe.ok) return { level: 'down', reason: `probe failed: ${probe.detail}` };
  if (state.converging) return { level: 'degraded', reason: `rolling update ${state.updateState}` };
  if (state.rolledBack) return { level: 'degraded', reason: `last update rolled back${state.updateMessage ? `: ${state.updateMessage}` : ''}` };
  return { level: 'ok', reason: 'ready' };
}

/**
 * Status of a swarm deployment: desired against running tasks per service and node, probes of the
 * peers on this node, the AlertManager cluster size. An HA service counts as down only when all its
 * peers are: one peer short makes the stack degraded (exit 1), as does a service Swarm rolled back.
 */
export async function getSwarmStatus(project: string, gateway: DockerGateway, swarm: SwarmGateway, opts: { probeTimeoutMs: number }): Promise<SwarmStackStatus> {
  const look = await lookAtSwarm(swarm, project);
  const rows = await Promise.all(
    look.states.map(async (state): Promise<SwarmServiceRow> => {
      const s = look.services.find((x) => x.id === state.id)!;
      const probe = await probeSwarmService(s, state, look.localNode, gateway.publishHost, opts.probeTimeoutMs);
      const { level, reason } = judge(state, probe);
      const { name, service, peer, desired, running, tasks, updateState, rolledBack } = state;
      return { name, service, peer, core: isCore(s.labels), desired, running, tasks, ...(updateState ? { updateState } : {}), rolledBack, stopped: state.stopped !== undefined, ...(probe ? { probe: { url: probe.url, ok: probe.ok, ...(probe.status !== undefined ? { status: probe.status } : {}), latencyMs: probe.latencyMs, detail: probe.detail } } : {}), level, reason };
    }),
  );
  const findings: SwarmStackStatus['findings'] = [];
  const cluster = await askSwarmCluster(look, gateway.publishHost, opts.probeTimeoutMs);
  if (cluster && 'error' in cluster) findings.push({ level: 'degraded', message: `AlertManager cluster unknown: ${cluster.error}` });
  else if (cluster && cluster.peers < cluster.expected) findings.push({ level: 'degraded', message: `AlertManager cluster has ${cluster.peers} of ${cluster.expected} peers (${cluster.status})` });
  for (const r of rows) if (r.rolledBack) findings.push({ level: 'degraded', message: `${r.name}: its last rolling update failed and Swarm rolled it back` });
  // An HA service is down only when every peer is; a compose service without any Swarm service is missing.
  const groups = [...new Set(rows.map((r) => r.service))].map((service) => {
    const own = rows.filter((r) => r.service === service);
    const level: ServiceLevel = own.every((r) => r.level === 'down') ? 'down' : own.every((r) => r.level === 'ok') ? 'ok' : 'degraded';
    return { core: own.some((r) => r.core), level };
  });
  const missingCore = rows.length === 0 ? [{ core: true, level: 'down' as const }] : [];
  return {
    project,
    target: 'swarm',
    engine: { endpoint: gateway.endpoint, reachable: true },
    ...stackLevel([...groups, ...missingCore], findings),
    services: rows,
    ...(cluster ? { alertmanagerCluster: cluster } : {}),
    findings,
  };
}
