import { isIP } from 'node:net';
import { InvalidValueError } from './invalid-value.js';
import type { RawPort } from './raw-compose.js';
import type { PortSpec } from './types.js';

const SHORT_HINT = 'use [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp], e.g. 127.0.0.1:9090:9090 or [::1]:8080:80/udp';

/**
 * Parses one `ports:` entry into published ports. The short form `[HOST_IP:][HOST:]CONTAINER[/proto]`
 * accepts IPv6 host addresses (bracketed or not) and equal-length ranges (`8000-8001:9000-9001`),
 * which expand to one PortSpec per port.
 */
export function parsePort(entry: string | number | RawPort): PortSpec[] {
  if (typeof entry === 'number') return [{ target: portNumber(String(entry), String(entry)), protocol: 'tcp' }];
  if (typeof entry === 'object') return [parseLongPort(entry)];
  return parseShortPort(entry);
}

function parseShortPort(spec: string): PortSpec[] {
  const slash = spec.lastIndexOf('/');
  const protocol = slash < 0 ? 'tcp' : spec.slice(slash + 1);
  if (protocol !== 'tcp' && protocol !== 'udp') {
    throw new InvalidValueError(`invalid port "${spec}": unsupported protocol "${protocol}"`, 'use tcp or udp');
  }
  const body = slash < 0 ? spec : spec.slice(0, slash);
  // Split from the right, like the engine's parser: the container port is last, the host port before
  // it, and whatever remains (possibly an unbracketed IPv6 address with colons) is the host IP.
  const lastColon = body.lastIndexOf(':');
  const containerPart = body.slice(lastColon + 1);
  const front = lastColon < 0 ? undefined : body.slice(0, lastColon);
  let hostPart: string | undefined;
  let ipPart: string | undefined;
  if (front !== undefined) {
    const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(front);
    if (bracketed) [, ipPart, hostPart] = bracketed;
    else if (front.includes(':')) [ipPart, hostPart] = [front.slice(0, front.lastIndexOf(':')), front.slice(front.lastIndexOf(':') + 1)];
    else hostPart = front;
  }
  const hostIp = ipPart === undefined || ipPart === '' ? undefined : hostAddress(ipPart.replace(/^\[(.*)\]$/, '$1'), spec);
  const targets = portRange(containerPart, spec);
  const published = hostPart === undefined || hostPart === '' ? undefined : portRange(hostPart, spec);
  if (published && published.length !== targets.length) {
    throw new InvalidValueError(
      `invalid port "${spec}": host range has ${published.length} ports but container range has ${targets.length}`,
      'use ranges of the same length on both sides',
    );
  }
  return targets.map((target, i) => withOptional({ target, protocol }, published?.[i], hostIp));
}

function parseLongPort(entry: RawPort): PortSpec {
  const where = `target: ${entry.target}`;
  const target = portNumber(String(entry.target), where);
  const publishedText = entry.published === undefined ? '' : String(entry.published);
  const published = publishedText === '' ? undefined : portNumber(publishedText, where);
  const hostIp = entry.host_ip === undefined || entry.host_ip === '' ? undefined : hostAddress(entry.host_ip, where);
  return withOptional({ target, protocol: entry.protocol ?? 'tcp' }, published, hostIp);
}

function withOptional(base: PortSpec, published: number | undefined, hostIp: string | undefined): PortSpec {
  // Leave absent fields out entirely so config hashes do not depend on `undefined` vs missing.
  const port: PortSpec = { ...base };
  if (published !== undefined) port.published = published;
  if (hostIp !== undefined) port.hostIp = hostIp;
  return port;
}

function portRange(text: string, spec: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new InvalidValueError(`invalid port "${spec}": "${text}" is not a port number`, SHORT_HINT);
  const first = portNumber(m[1]!, spec);
  const last = m[2] === undefined ? first : portNumber(m[2], spec);
  if (last < first) throw new InvalidValueError(`invalid port "${spec}": range ${text} ends before it starts`);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function portNumber(text: string, spec: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new InvalidValueError(`invalid port "${spec}": ${text} is not between 1 and 65535`, SHORT_HINT);
  }
  return n;
}

function hostAddress(ip: string, spec: string): string {
  if (isIP(ip) === 0) throw new InvalidValueError(`invalid port "${spec}": host IP "${ip}" is not an IPv4 or IPv6 address`, SHORT_HINT);
  return ip;
}
