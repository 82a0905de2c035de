import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/compose/types.js';
import { containerBody } from '../../../src/docker/container-body.js';

const service: ServiceSpec = {
  name: 'prometheus',
  image: 'prom/prometheus:v3',
  command: ['--config.file=/etc/prometheus/prometheus.yml'],
  environment: { A: '1' },
  ports: [{ target: 9090, published: 9090, hostIp: '127.0.0.1', protocol: 'tcp' }],
  volumes: [
    { type: 'volume', source: 'prometheus_data', target: '/prometheus', readOnly: false },
    { type: 'bind', source: '/srv/monitoring/prometheus', target: '/etc/prometheus', readOnly: true },
  ],
  networks: ['monitoring', 'backend'],
  dependsOn: [],
  healthcheck: { test: ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:9090/-/ready'], interval: 10_000_000_000, retries: 5 },
  restart: 'on-failure:3',
  labels: {},
  user: '65534:65534',
  extraHosts: ['host.docker.internal:host-gateway'],
  logging: { driver: 'json-file', options: { 'max-size': '10m' } },
  limits: { memoryBytes: 2 * 1024 ** 3, nanoCpus: 1e9 },
  profiles: [],
};

describe('containerBody', () => {
  const body = containerBody(service, {
    name: 'p-prometheus-1',
    labels: { l: 'v' },
    networkNames: { monitoring: 'p_monitoring', backend: 'p_backend' },
    volumeNames: { prometheus_data: 'p_prometheus_data' },
  });

  it('maps ports, mounts, limits and restart policy to the Engine API', () => {
    expect(body.ExposedPorts).toEqual({ '9090/tcp': {} });
    expect(body.HostConfig.PortBindings).toEqual({ '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '9090' }] });
    expect(body.HostConfig.Binds).toEqual(['p_prometheus_data:/prometheus', '/srv/monitoring/prometheus:/etc/prometheus:ro']);
    expect(body.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(body.HostConfig.Memory).toBe(2147483648);
    expect(body.HostConfig.NanoCpus).toBe(1e9);
    expect(body.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '10m' } });
    expect(body.Env).toEqual(['A=1']);
  });

  it('attaches the first network at create time with the service name as alias', () => {
    expect(body.HostConfig.NetworkMode).toBe('p_monitoring');
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { p_monitoring: { Aliases: ['prometheus'] } } });
  });

  it('passes the healthcheck in nanoseconds', () => {
    expect(body.Healthcheck).toEqual({ Test: service.healthcheck!.test, Interval: 10_000_000_000, Retries: 5 });
  });
});
