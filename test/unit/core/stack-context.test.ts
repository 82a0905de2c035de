import { describe, expect, it } from 'vitest';
import type { ServiceSpec, StackSpec } from '../../../src/compose/types.js';
import { pickServices, profilesFrom, selectStack, withDeployedProfiles } from '../../../src/core/stack-context.js';
import { UsageError } from '../../../src/errors.js';
import { serviceSpec } from '../../support/service-spec.js';

const svc = (name: string, o: Partial<ServiceSpec> = {}): ServiceSpec => serviceSpec(name, { image: 'x', ...o });

const stack: StackSpec = {
  project: 'p',
  composeFile: '/c/compose.yml',
  workingDir: '/c',
  services: [
    svc('grafana', { dependsOn: [{ service: 'prometheus', condition: 'service_healthy' }] }),
    svc('prometheus', { volumes: [{ type: 'volume', source: 'prometheus_data', target: '/prometheus', readOnly: false }] }),
    svc('pushgateway', { profiles: ['exporters'] }),
    svc('loki', { profiles: ['logs'], networks: ['logs'] }),
  ],
  networks: [
    { name: 'monitoring', labels: {} },
    { name: 'logs', labels: {} },
  ],
  volumes: [{ name: 'prometheus_data', labels: {} }],
};

describe('selectStack', () => {
  it('orders dependencies first and names engine resources per project', () => {
    const ctx = selectStack(stack, []);
    expect(ctx.services.map((s) => s.name)).toEqual(['prometheus', 'grafana']);
    expect(ctx.networkNames).toEqual({ monitoring: 'p_monitoring' });
    expect(ctx.volumeNames).toEqual({ prometheus_data: 'p_prometheus_data' });
  });
});

describe('withDeployedProfiles', () => {
  it('keeps a profile enabled while a container of one of its services exists', () => {
    const ctx = withDeployedProfiles(selectStack(stack, []), ['grafana', 'prometheus', 'loki']);
    expect(ctx.profiles).toEqual(['logs']);
    expect(ctx.services.map((s) => s.name)).toContain('loki');
    expect(ctx.networkNames).toEqual({ monitoring: 'p_monitoring', logs: 'p_logs' });
  });
  it('adds to the profiles asked for, and is the same context when nothing is added', () => {
    const asked = selectStack(stack, ['exporters']);
    expect(withDeployedProfiles(asked, ['pushgateway', 'unknown-service'])).toBe(asked);
    expect(withDeployedProfiles(asked, ['loki']).profiles).toEqual(['exporters', 'logs']);
  });
});

describe('profilesFrom and pickServices', () => {
  it('takes --profile flags over COMPOSE_PROFILES', () => {
    expect(profilesFrom([], { COMPOSE_PROFILES: 'exporters, logs' })).toEqual(['exporters', 'logs']);
    expect(profilesFrom(['longterm'], { COMPOSE_PROFILES: 'exporters' })).toEqual(['longterm']);
  });
  it('names unknown services and lists the valid ones', () => {
    const ctx = selectStack(stack, []);
    expect(pickServices(ctx, ['grafana', 'grafana']).map((s) => s.name)).toEqual(['grafana']);
    const err = (() => {
      try {
        pickServices(ctx, ['grafan']);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('unknown service "grafan"');
    expect((err as UsageError).hint).toBe('services in /c/compose.yml: grafana, prometheus, pushgateway, loki');
  });
});
