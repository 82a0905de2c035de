/**
 * The optional compose profiles (exporters, logs, longterm) loaded by the tool's own loader with every
 * profile on: each profile's services are there and off by default, no host port is published twice, every
 * optional service follows the stack's conventions, and what they name (mounts, Prometheus jobs, Thanos
 * endpoints) exists.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectServices } from '../../src/compose/select-services.js';
import type { StackSpec } from '../../src/compose/types.js';
import { prometheusDir, readYaml, repoRoot } from './config-files.js';
import { composeFile, coreServices, flagValue, flagValues, loadDefaultStack, portOf, profileServices, rawCompose, service } from './compose-stack.js';

let stack: StackSpec;
beforeAll(async () => {
  stack = await loadDefaultStack();
});

const optional = Object.values(profileServices).flat();

describe('the compose file with every profile on, in the tool\'s loader', () => {
  it('loads without warnings and selects every profile\'s services with "*"', () => {
    expect(stack.warnings ?? []).toEqual([]);
    const all = selectServices(stack, ['*']).map((s) => s.name);
    expect(all.sort()).toEqual([...coreServices, ...optional].sort());
  });

  it('gives each optional service exactly its one profile, so none starts by default', () => {
    for (const [profile, names] of Object.entries(profileServices)) {
      for (const name of names) expect(service(stack, name).profiles, name).toEqual([profile]);
      expect(selectServices(stack, [profile]).map((s) => s.name).sort()).toEqual([...coreServices, ...names].sort());
    }
    expect(selectServices(stack, []).map((s) => s.name).sort()).toEqual([...coreServices].sort());
  });

  it('publishes no host port twice, and every one on the loopback default', () => {
    const owners = new Map<number, string[]>();
    for (const s of selectServices(stack, ['*'])) {
      for (const p of s.ports) {
        expect(p.published, `${s.name} ${p.target}`).toBeDefined();
        expect(p.hostIp, `${s.name} ${p.target}`).toBe('127.0.0.1');
        owners.set(p.published!, [...(owners.get(p.published!) ?? []), s.name]);
      }
    }
    const shared = [...owners].filter(([, names]) => names.length > 1).map(([port, names]) => `${port}: ${names.join(', ')}`);
    expect(shared).toEqual([]);
    expect(owners.size).toBeGreaterThan(10);
  });

  it('publishes every optional port on the no-login bind address (loopback by default), movable with a *_PORT variable', () => {
    const text = rawCompose();
    const raw = text as unknown as { services: Record<string, { ports?: string[] }> };
    for (const name of optional) {
      for (const port of raw.services[name]?.ports ?? []) {
        expect(port, name).toMatch(/^\$\{ISH_MONITOR_EXPORTERS_BIND_ADDRESS:-127\.0\.0\.1\}:\$\{[A-Z_]+_PORT:-\d+\}:\d+$/);
      }
    }
  });
});

describe('every optional service', () => {
  it('pins its upstream image behind a *_IMAGE variable', () => {
    const raw = rawCompose();
    for (const name of optional) {
      const image = raw.services[name]?.image ?? '';
      const m = /^\$\{([A-Z_]+_IMAGE):-([^}]+)\}$/.exec(image);
      expect(m, `${name}: ${image}`).not.toBeNull();
      // The simulator has no upstream image: scripts/build-local-images.sh builds it here.
      if (m![2]!.startsWith('ish-monitor-local/')) continue;
      const tag = m![2]!.split(':').pop()!;
      expect(tag, name).toMatch(/^v?\d+\.\d+\.\d+(-alpine)?$/);
    }
  });

  it('is labelled optional, with a probe, a restart policy, limits and a health check', () => {
    for (const name of optional) {
      const s = service(stack, name);
      expect(s.labels['io.ish-monitor.role'], name).toBe('optional');
      expect(s.labels['io.ish-monitor.probe.path'], name).toMatch(/^\//);
      const probePort = Number(s.labels['io.ish-monitor.probe.port']);
      expect(probePort, name).toBeGreaterThan(0);
      expect(s.restart, name).toBe('unless-stopped');
      expect(s.limits?.memoryBytes, name).toBeGreaterThan(0);
      expect(s.limits?.nanoCpus, name).toBeGreaterThan(0);
      expect(s.logging?.options['max-size'], name).toBe('10m');
      expect(s.healthcheck?.test.length, name).toBeGreaterThan(0);
      const published = s.ports.some((p) => p.target === probePort);
      // Without a health command, readiness is ish-monitor's probe: it needs the probe port published.
      if (s.healthcheck?.test[0] === 'NONE') expect(published, `${name} has no health check and no published probe port`).toBe(true);
      // A health command checks the same port and path as the probe (Loki's -health checks its own /ready).
      const command = s.healthcheck?.test.join(' ') ?? '';
      if (s.healthcheck?.test[0] === 'CMD' && command !== 'CMD /usr/bin/loki -health') {
        expect(command, name).toMatch(new RegExp(`[:/]${probePort}\\b`));
        expect(command, name).toContain(`${s.labels['io.ish-monitor.probe.path']}`);
      }
    }
  });

  it('mounts configuration directories that exist', () => {
    for (const name of optional) {
      for (const m of service(stack, name).volumes) {
        if (m.type !== 'bind' || !m.source.startsWith(repoRoot)) continue;
        if (m.source.includes(`${path.sep}secrets${path.sep}`)) continue;
        expect(existsSync(m.source) && statSync(m.source).isDirectory(), `${name}: ${m.source}`).toBe(true);
        expect(m.readOnly, `${name}: ${m.target}`).toBe(true);
      }
    }
  });

  it('reads secrets from files under compose/secrets/ as a numeric user, so deploy creates them owned right', () => {
    const secretsDir = path.join(repoRoot, 'compose', 'secrets');
    const withSecrets = optional.filter((name) => service(stack, name).volumes.some((m) => m.source.startsWith(secretsDir)));
    expect(withSecrets.sort()).toEqual(['postgres-exporter', 'redis-exporter']);
    for (const name of withSecrets) {
      const s = service(stack, name);
      expect(s.user, name).toMatch(/^\d+(:\d+)?$/);
      for (const m of s.volumes.filter((v) => v.source.startsWith(secretsDir))) {
        expect(m.readOnly, name).toBe(true);
        // ensure-secrets fills only *admin_password files: these are outside credentials, created empty.
        expect(m.source, name).not.toMatch(/admin_password$/);
      }
    }
    expect(service(stack, 'postgres-exporter').environment.DATA_SOURCE_PASS_FILE).toBe('/run/secrets/postgres_exporter_password');
    expect(service(stack, 'redis-exporter').entrypoint?.join(' ')).toContain('$(cat /run/secrets/redis_exporter_password)');
    expect(JSON.stringify(service(stack, 'postgres-exporter').environment)).not.toMatch(/PASS(WORD)?"?:/);
  });
});

describe('profile exporters', () => {
  interface Job {
    job_name: string;
    dns_sd_configs?: Array<{ names: string[]; port: number }>;
  }
  const jobs = readYaml<{ scrape_configs: Job[] }>(path.join(prometheusDir, 'prometheus.yml')).scrape_configs;

  it('is what prometheus.yml finds by DNS: the same service names and ports', () => {
    for (const name of profileServices.exporters!) {
      const sd = jobs.find((j) => j.job_name === name)?.dns_sd_configs?.[0];
      expect(sd?.names, name).toEqual([name]);
      const s = service(stack, name);
      expect(s.networks, name).toContain('monitoring');
      expect(Number(s.labels['io.ish-monitor.probe.port']), name).toBe(sd?.port);
    }
  });

  it('points the exporters at the backend\'s PostgreSQL, Redis and nginx by default', () => {
    expect(service(stack, 'postgres-exporter').environment.DATA_SOURCE_URI).toBe('postgres:5432/ish_chat?sslmode=disable');
    expect(service(stack, 'redis-exporter').environment.REDIS_ADDR).toBe('redis://redis:6379');
    expect(flagValue(service(stack, 'nginx-exporter').command, '--nginx.scrape-uri')).toBe('http://nginx:8080/stub_status');
  });

  it('gives cAdvisor the host mounts it reads, read-only, and no key the loader rejects (no privileged)', () => {
    const mounts = service(stack, 'cadvisor').volumes.map((m) => `${m.source}:${m.target}:${m.readOnly ? 'ro' : 'rw'}`);
    expect(mounts.sort()).toEqual(['/:/rootfs:ro', '/sys:/sys:ro', '/var/lib/docker:/var/lib/docker:ro', '/var/run:/var/run:ro']);
  });
});

describe('profile longterm', () => {
  it('keeps Prometheus compaction by default, and gives it the equal 2h blocks Thanos needs on request', async () => {
    const command = service(stack, 'prometheus').command;
    expect(flagValue(command, '--storage.tsdb.min-block-duration')).toBe('2h');
    expect(flagValue(command, '--storage.tsdb.max-block-duration')).toBe('36h');
    const { loadStack } = await import('../../src/compose/load-stack.js');
    const forThanos = await loadStack({ file: composeFile, env: { PROMETHEUS_TSDB_MAX_BLOCK_DURATION: '2h' } });
    expect(flagValue(service(forThanos, 'prometheus').command, '--storage.tsdb.max-block-duration')).toBe('2h');
  });

  it('gives the sidecar Prometheus\' own TSDB volume and API', () => {
    const prometheus = service(stack, 'prometheus');
    const sidecar = service(stack, 'thanos-sidecar');
    const tsdb = flagValue(prometheus.command, '--storage.tsdb.path')!;
    const dataVolume = prometheus.volumes.find((m) => m.target === tsdb)!;
    expect(dataVolume.type).toBe('volume');
    expect(sidecar.volumes).toContainEqual({ ...dataVolume, readOnly: false });
    expect(flagValue(sidecar.command, '--tsdb.path')).toBe(tsdb);
    expect(flagValue(sidecar.command, '--prometheus.url')).toBe('http://prometheus:9090');
    expect(sidecar.dependsOn).toContainEqual(expect.objectContaining({ service: 'prometheus', condition: 'service_healthy' }));
  });

  it('has query reach the sidecar and store on their gRPC ports, deduplicating by the replica external label', () => {
    const query = service(stack, 'thanos-query');
    const endpoints = flagValues(query.command, '--endpoint');
    for (const name of ['thanos-sidecar', 'thanos-store']) {
      const grpc = portOf(flagValue(service(stack, name).command, '--grpc-address')!);
      expect(endpoints, name).toContain(`${name}:${grpc}`);
    }
    const external = readYaml<{ global: { external_labels: Record<string, string> } }>(path.join(prometheusDir, 'prometheus.yml')).global.external_labels;
    expect(Object.keys(external)).toContain(flagValue(query.command, '--query.replica-label'));
  });

  it('shares one object store config and bucket volume between sidecar and store', () => {
    const sidecar = service(stack, 'thanos-sidecar');
    const store = service(stack, 'thanos-store');
    expect(flagValue(sidecar.command, '--objstore.config-file')).toBe(flagValue(store.command, '--objstore.config-file'));
    const bucket = (name: string) => service(stack, name).volumes.find((m) => m.source === 'thanos_objstore');
    expect(bucket('thanos-sidecar')?.target).toBe('/thanos/objstore');
    expect(bucket('thanos-store')?.target).toBe('/thanos/objstore');
  });
});
