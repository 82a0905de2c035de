import { createHash } from 'node:crypto';
import type { ServiceSpec } from './types.js';

/**
 * SHA-256 (hex) of the service's canonical JSON (keys sorted, absent fields omitted), without
 * `dependsOn` and `profiles`: compose leaves those out too, since changing them does not change the
 * container. Stored in the `com.docker.compose.config-hash` label to decide whether to recreate.
 */
export function configHash(service: ServiceSpec): string {
  const { dependsOn: _dependsOn, profiles: _profiles, ...hashed } = service;
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}

/** JSON with object keys sorted at every level, so equal values always serialise identically. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
