import { isAbsolute, resolve } from 'node:path';
import type { PortSpec, ServiceSpec } from '../compose/types.js';
import { ConfigError } from '../errors.js';
import { IshLabel } from '../labels.js';

/** What the web config of Prometheus and AlertManager must enforce, from their labels and ports. */
export interface WebAccessSettings {
  /** Services that read the generated web config (labelled `io.ish-monitor.web.auth`). */
  services: ServiceSpec[];
  /** Basic auth on: a port published beyond loopback, or `ISH_MONITOR_WEB_AUTH=on`. */
  auth: boolean;
  /** Why auth is on or off, for the deploy report. */
  reason: string;
  /** The operator's certificate and key (absolute host paths), when TLS is asked for. */
  tls?: { certFile: string; keyFile: string };
}

/** True when a published port is reachable only from this host (127.0.0.0/8, ::1, localhost). */
function isLoopbackPort(p: PortSpec): boolean {
  const ip = p.hostIp ?? '';
  return /^127\./.test(ip) || ip === '::1' || ip === 'localhost';
}

function exposedPort(s: ServiceSpec): PortSpec | undefined {
  return s.ports.find((p) => !isLoopbackPort(p));
}

function oneSetting(services: ServiceSpec[], label: string): string {
  const values = [...new Set(services.map((s) => s.labels[label] ?? ''))];
  if (values.length > 1) {
    throw new ConfigError(`services ${services.map((s) => s.name).join(', ')} disagree on label ${label} (${values.map((v) => `"${v}"`).join(', ')})`, 'give them the same value: the web config is shared');
  }
  return values[0] ?? '';
}

/**
 * The access settings of the stack's web config, or undefined when no selected service uses it.
 * Relative certificate paths resolve against the compose file's directory. A bad mode or half a TLS
 * pair is a configuration error naming the variable.
 */
export function webAccessSettings(services: ServiceSpec[], workingDir: string): WebAccessSettings | undefined {
  const web = services.filter((s) => s.labels[IshLabel.webAuth] !== undefined);
  if (web.length === 0) return undefined;
  const mode = oneSetting(web, IshLabel.webAuth);
  if (mode !== 'auto' && mode !== 'on') {
    throw new ConfigError(`ISH_MONITOR_WEB_AUTH is "${mode}" (label ${IshLabel.webAuth})`, 'use auto (basic auth when published beyond loopback, the default) or on (always)');
  }
  const cert = oneSetting(web, IshLabel.webTlsCert);
  const key = oneSetting(web, IshLabel.webTlsKey);
  if ((cert === '') !== (key === '')) {
    throw new ConfigError(`ISH_MONITOR_TLS_${cert ? 'KEY' : 'CERT'}_FILE is not set but ISH_MONITOR_TLS_${cert ? 'CERT' : 'KEY'}_FILE is`, 'set both (PEM certificate and its private key) in compose/.env, or neither');
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(workingDir, p));
  const tls = cert ? { certFile: abs(cert), keyFile: abs(key) } : undefined;
  const exposed = web.map((s) => ({ s, p: exposedPort(s) })).find((x) => x.p);
  const reason = mode === 'on' ? 'ISH_MONITOR_WEB_AUTH=on' : exposed ? `${exposed.s.name} publishes on ${exposed.p!.hostIp ?? 'every interface'}` : 'published on loopback only';
  return { services: web, auth: mode === 'on' || exposed !== undefined, reason, ...(tls ? { tls } : {}) };
}

/**
 * Refuses a service that runs Prometheus' admin API (`--web.enable-admin-api`, which can delete
 * series) on a port published beyond loopback.
 */
export function checkAdminApi(services: ServiceSpec[]): void {
  for (const s of services) {
    if (!s.command?.includes('--web.enable-admin-api')) continue;
    const p = exposedPort(s);
    if (!p) continue;
    throw new ConfigError(
      `${s.name} would publish its admin API (--web.enable-admin-api, which can delete data) on ${p.hostIp ?? 'every interface'}:${p.published ?? p.target}`,
      'set PROMETHEUS_ADMIN_API_FLAG=--no-web.enable-admin-api in compose/.env (backup then stops Prometheus for its copy), or publish on 127.0.0.1',
    );
  }
}
