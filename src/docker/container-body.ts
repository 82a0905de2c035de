import type { HealthcheckSpec, ServiceSpec } from '../compose/types.js';
import type { ContainerCreateBody } from './types.js';

/** Engine-side names and labels a container body needs besides the service itself. */
export interface ContainerContext {
  name: string;
  labels: Record<string, string>;
  /** compose network name -> engine network name. */
  networkNames: Record<string, string>;
  /** compose volume name -> engine volume name. */
  volumeNames: Record<string, string>;
}

function restartPolicy(restart: string): { Name: string; MaximumRetryCount?: number } {
  const [name, retries] = restart.split(':');
  if (name === 'on-failure' && retries) return { Name: name, MaximumRetryCount: Number(retries) };
  return { Name: name === 'no' ? '' : (name ?? '') };
}

/** The names a service answers to on a network: its own name plus the aliases declared for that network. */
export function networkAliases(service: ServiceSpec, network: string): string[] {
  return [service.name, ...(service.networkAliases?.[network] ?? [])];
}

/** The Docker API form of a compose healthcheck (containers and Swarm services take the same). */
export function healthcheckBody(hc: HealthcheckSpec): NonNullable<ContainerCreateBody['Healthcheck']> {
  return {
    Test: hc.test,
    ...(hc.interval !== undefined ? { Interval: hc.interval } : {}),
    ...(hc.timeout !== undefined ? { Timeout: hc.timeout } : {}),
    ...(hc.retries !== undefined ? { Retries: hc.retries } : {}),
    ...(hc.startPeriod !== undefined ? { StartPeriod: hc.startPeriod } : {}),
    ...(hc.startInterval !== undefined ? { StartInterval: hc.startInterval } : {}),
  };
}

/** Translates a service into the Docker Engine API's container-create body. */
export function containerBody(service: ServiceSpec, ctx: ContainerContext): ContainerCreateBody {
  const portKey = (p: { target: number; protocol: string }) => `${p.target}/${p.protocol}`;
  const exposed: ContainerCreateBody['ExposedPorts'] = {};
  const bindings: ContainerCreateBody['HostConfig']['PortBindings'] = {};
  for (const p of service.ports) {
    exposed[portKey(p)] = {};
    (bindings[portKey(p)] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.published === undefined ? '' : String(p.published) });
  }
  const binds = service.volumes.map((m) => {
    const source = m.type === 'volume' ? (ctx.volumeNames[m.source] ?? m.source) : m.source;
    return `${source}:${m.target}${m.readOnly ? ':ro' : ''}`;
  });
  const [firstNetwork] = service.networks;
  const primary = firstNetwork === undefined ? 'bridge' : (ctx.networkNames[firstNetwork] ?? firstNetwork);
  const hc = service.healthcheck;
  return {
    name: ctx.name,
    Image: service.image,
    ...(service.command ? { Cmd: service.command } : {}),
    ...(service.entrypoint ? { Entrypoint: service.entrypoint } : {}),
    Env: Object.entries(service.environment).map(([k, v]) => `${k}=${v}`),
    ...(service.user ? { User: service.user } : {}),
    Labels: ctx.labels,
    ExposedPorts: exposed,
    ...(hc ? { Healthcheck: healthcheckBody(hc) } : {}),
    HostConfig: {
      Binds: binds,
      PortBindings: bindings,
      RestartPolicy: restartPolicy(service.restart),
      ExtraHosts: service.extraHosts,
      ...(service.logging?.driver ? { LogConfig: { Type: service.logging.driver, Config: service.logging.options } } : {}),
      ...(service.limits?.memoryBytes ? { Memory: service.limits.memoryBytes } : {}),
      ...(service.limits?.nanoCpus ? { NanoCpus: service.limits.nanoCpus } : {}),
      ...(service.reservations?.memoryBytes ? { MemoryReservation: service.reservations.memoryBytes } : {}),
      NetworkMode: primary,
    },
    NetworkingConfig: firstNetwork === undefined ? { EndpointsConfig: {} } : { EndpointsConfig: { [primary]: { Aliases: networkAliases(service, firstNetwork) } } },
  };
}
