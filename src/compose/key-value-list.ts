import { isIP } from 'node:net';
import { InvalidValueError } from './invalid-value.js';
import type { RawMapOrList } from './raw-compose.js';

/**
 * Turns a `KEY: value` map or a `KEY=value` list into a string record (numbers and booleans are
 * stringified, as compose does). A key with no value (`- KEY` or `KEY:` / `KEY: null`) takes
 * `bare(key)`; undefined drops the key, which is how an unset variable stays unset in a container.
 */
export function toStringMap(raw: RawMapOrList | undefined, bare: (key: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const eq = item.indexOf('=');
      if (eq < 0) put(item, bare(item));
      else put(item.slice(0, eq), item.slice(eq + 1));
    }
  } else if (raw) {
    for (const [key, value] of Object.entries(raw)) put(key, value === null ? bare(key) : String(value));
  }
  return out;
}

/**
 * Normalises `extra_hosts` (list of `host:ip` / `host=ip`, or a map) into the engine's `host:ip`
 * strings; the ip must be an address or the literal `host-gateway`.
 */
export function toExtraHosts(raw: string[] | Record<string, string> | undefined): string[] {
  if (!raw) return [];
  const pairs: [string, string][] = Array.isArray(raw)
    ? raw.map((entry) => {
        // `=` is the newer separator and cannot occur in an IPv6 address, so prefer it when present.
        const sep = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
        if (sep <= 0) throw new InvalidValueError(`invalid extra host "${entry}"`, 'use host:ip, e.g. db.local:10.0.0.5 or host.docker.internal:host-gateway');
        return [entry.slice(0, sep), entry.slice(sep + 1)];
      })
    : Object.entries(raw);
  return pairs.map(([host, rawIp]) => {
    const ip = rawIp.replace(/^\[(.*)\]$/, '$1');
    if (ip !== 'host-gateway' && isIP(ip) === 0) {
      throw new InvalidValueError(`invalid extra host "${host}": "${rawIp}" is not an IP address`, 'use an IPv4/IPv6 address or host-gateway');
    }
    return `${host}:${ip}`;
  });
}
