import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash } from '../../../src/compose/config-hash.js';
import { loadStack } from '../../../src/compose/load-stack.js';
import type { ServiceSpec } from '../../../src/compose/types.js';
import { lines, loadText } from './stack-helpers.js';

const base: ServiceSpec = {
  name: 'web',
  image: 'nginx:1',
  environment: { A: '1', B: '2' },
  ports: [{ target: 80, published: 8080, protocol: 'tcp' }],
  volumes: [],
  networks: ['default'],
  dependsOn: [],
  restart: 'no',
  labels: { x: 'y' },
  extraHosts: [],
  profiles: [],
};

describe('configHash', () => {
  it('is a SHA-256 hex digest', () => {
    expect(configHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order, at any depth', () => {
    const reordered = {
      profiles: [],
      labels: { x: 'y' },
      ports: [{ protocol: 'tcp', published: 8080, target: 80 }],
      environment: { B: '2', A: '1' },
      name: 'web',
      extraHosts: [],
      restart: 'no',
      image: 'nginx:1',
      volumes: [],
      dependsOn: [],
      networks: ['default'],
    } as ServiceSpec;
    expect(configHash(reordered)).toBe(configHash(base));
  });

  it('ignores dependsOn and profiles, as compose does', () => {
    expect(configHash({ ...base, dependsOn: [{ service: 'db', condition: 'service_healthy' }], profiles: ['extra'] })).toBe(configHash(base));
  });

  it('treats an undefined field like an absent one', () => {
    expect(configHash({ ...base, user: undefined })).toBe(configHash(base));
  });

  it('changes with anything that shapes the container', () => {
    expect(configHash({ ...base, environment: { A: '1', B: '3' } })).not.toBe(configHash(base));
    expect(configHash({ ...base, image: 'nginx:2' })).not.toBe(configHash(base));
    expect(configHash({ ...base, ports: [{ target: 80, published: 8081, protocol: 'tcp' }] })).not.toBe(configHash(base));
  });

  it('changes when an env variable used by the compose file changes', async () => {
    const compose = lines('services:', '  web:', '    image: nginx', '    environment:', '      LEVEL: ${LOG_LEVEL:-info}');
    const a = (await loadText(compose)).services[0]!;
    const b = (await loadText(compose, { env: { LOG_LEVEL: 'debug' } })).services[0]!;
    const c = (await loadText(compose, { env: { LOG_LEVEL: 'info' } })).services[0]!;
    expect(configHash(b)).not.toBe(configHash(a));
    expect(configHash(c)).toBe(configHash(a));
  });

  it('is stable for the real stack across loads', async () => {
    const load = () => loadStack({ file: 'compose/docker-compose.monitoring.yml', envFile: 'test/fixtures/compose/empty.env', env: {} });
    const [one, two] = [await load(), await load()];
    expect(one.services.map(configHash)).toEqual(two.services.map(configHash));
    const changed = await loadStack({ file: 'compose/docker-compose.monitoring.yml', envFile: 'test/fixtures/compose/empty.env', env: { PROMETHEUS_RETENTION_TIME: '30d' } });
    expect(configHash(changed.services[0]!)).not.toBe(configHash(one.services[0]!));
    expect(configHash(changed.services[1]!)).toBe(configHash(one.services[1]!));
  });
});

describe('canonicalJson', () => {
  it('sorts keys and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
