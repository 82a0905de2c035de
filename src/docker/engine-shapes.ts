import type Docker from 'dockerode';
import type { ContainerDetails, ContainerState, ContainerSummary, HealthStatus } from './types.js';

/** Our view of a listed container. */
export function toSummary(c: Docker.ContainerInfo): ContainerSummary {
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    state: c.State as ContainerState,
    statusText: c.Status,
    labels: c.Labels ?? {},
    ports: (c.Ports ?? [])
      .filter((p) => p.PublicPort !== undefined)
      .map((p) => ({ containerPort: p.PrivatePort, hostPort: p.PublicPort, hostIp: p.IP ?? '', protocol: p.Type })),
    createdAt: new Date(c.Created * 1000),
  };
}

/** The engine's `filters` parameter for a label match (`key` alone when the value is empty). */
export function labelFilters(labels: Record<string, string>): string {
  return JSON.stringify({ label: Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`)) });
}

/** Our view of an inspected container. */
export function toDetails(c: Docker.ContainerInspectInfo): ContainerDetails {
  const health = c.State.Health;
  const portMap = (c.NetworkSettings?.Ports ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>;
  const ports = Object.entries(portMap).flatMap(([key, bindings]) => {
    const [port, protocol] = key.split('/');
    return (bindings ?? []).map((b) => ({ containerPort: Number(port), hostPort: Number(b.HostPort), hostIp: b.HostIp, protocol: protocol ?? 'tcp' }));
  });
  const started = c.State.StartedAt && !c.State.StartedAt.startsWith('0001') ? new Date(c.State.StartedAt) : undefined;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    imageId: c.Image,
    state: c.State.Status as ContainerState,
    statusText: c.State.Status,
    labels: c.Config.Labels ?? {},
    ports,
    createdAt: new Date(c.Created),
    health: (health?.Status as HealthStatus | undefined) ?? 'none',
    healthLog: (health?.Log ?? []).map((l) => ({ exitCode: l.ExitCode, output: l.Output, end: l.End })),
    startedAt: started,
    exitCode: c.State.ExitCode,
    restartCount: c.RestartCount,
    oomKilled: c.State.OOMKilled,
    error: c.State.Error ?? '',
  };
}
