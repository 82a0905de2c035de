import type { ServiceSpec } from '../compose/types.js';
import { IshLabel } from '../labels.js';

/** Where a user reaches a service from this host. */
export interface Endpoint {
  service: string;
  url: string;
}

/** The URL of each service that publishes its probe port, for the "deployed" summary. */
export function stackEndpoints(services: ServiceSpec[], publishHost: string): Endpoint[] {
  return services.flatMap((s) => {
    const port = Number(s.labels[IshLabel.probePort]);
    const p = s.ports.find((x) => x.target === port && x.published !== undefined);
    if (!p) return [];
    const ip = !p.hostIp || p.hostIp === '0.0.0.0' ? publishHost : p.hostIp;
    const scheme = s.labels[IshLabel.webTlsCert] ? 'https' : 'http';
    return [{ service: s.name, url: `${scheme}://${ip.includes(':') ? `[${ip}]` : ip}:${p.published}` }];
  });
}
