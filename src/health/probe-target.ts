import type { PublishedPort } from '../docker/types.js';
import { IshLabel } from '../labels.js';
import type { ProbeTarget } from './probe-http.js';
import { webCredentialsRef } from './web-credentials.js';

/**
 * The URL to probe a service at, from its container labels and published ports; undefined when the
 * service declares no probe or does not publish the probe port.
 */
export function probeTarget(labels: Record<string, string>, ports: PublishedPort[], publishHost: string): ProbeTarget | undefined {
  const port = Number(labels[IshLabel.probePort]);
  const path = labels[IshLabel.probePath];
  if (!port || !path) return undefined;
  const bound = ports.find((p) => p.containerPort === port && p.protocol === 'tcp' && !p.hostIp.includes(':')) ?? ports.find((p) => p.containerPort === port);
  if (!bound) return undefined;
  const wildcard = bound.hostIp === '' || bound.hostIp === '0.0.0.0' || bound.hostIp === '::';
  const host = wildcard ? publishHost : bound.hostIp;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const expect = labels[IshLabel.probeExpect];
  const credentials = webCredentialsRef(labels);
  const scheme = credentials?.caFile ? 'https' : 'http';
  return { url: `${scheme}://${hostPart}:${bound.hostPort}${path}`, ...(expect ? { expect } : {}), ...(credentials ? { credentials } : {}) };
}
