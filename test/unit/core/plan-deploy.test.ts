import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/compose/types.js';
import { isNoop, planDeploy, type DesiredService } from '../../../src/core/plan-deploy.js';
import type { ContainerSummary } from '../../../src/docker/types.js';
import { serviceSpec } from '../../support/service-spec.js';

const spec = (name: string): ServiceSpec => serviceSpec(name);

const want = (name: string, hash = `h-${name}`, imageId = `sha256:${name}`): DesiredService => ({ spec: spec(name), hash, imageId });

const container = (service: string, o: Partial<ContainerSummary> & { hash?: string; number?: string } = {}): ContainerSummary => ({
  id: `id-${service}-${o.number ?? '1'}`,
  name: `p-${service}-${o.number ?? '1'}`,
  image: `${service}:1`,
  imageId: o.imageId ?? `sha256:${service}`,
  state: o.state ?? 'running',
  statusText: 'Up',
  labels: {
    'com.docker.compose.service': service,
    'com.docker.compose.config-hash': o.hash ?? `h-${service}`,
    'com.docker.compose.container-number': o.number ?? '1',
  },
  ports: [],
  createdAt: new Date(0),
});

const base = { declaredServices: ['a', 'b', 'c'], networks: ['p_monitoring'], volumes: ['p_data'], actualNetworks: [], actualVolumes: [] };

describe('planDeploy', () => {
  it('creates everything on an empty engine', () => {
    const plan = planDeploy({ ...base, desired: [want('a'), want('b')], actualContainers: [] });
    expect(plan.networksToCreate).toEqual(['p_monitoring']);
    expect(plan.volumesToCreate).toEqual(['p_data']);
    expect(plan.services.map((s) => [s.service, s.action])).toEqual([
      ['a', 'create'],
      ['b', 'create'],
    ]);
    expect(isNoop(plan)).toBe(false);
  });

  it('keeps running containers whose hash and image match, and is then a no-op', () => {
    const plan = planDeploy({
      ...base,
      actualNetworks: [{ name: 'p_monitoring', id: 'n', labels: {} }],
      actualVolumes: [{ name: 'p_data', id: 'v', labels: {} }],
      desired: [want('a'), want('b')],
      actualContainers: [container('a'), container('b')],
    });
    expect(plan.services.map((s) => s.action)).toEqual(['keep', 'keep']);
    expect(plan.services[0]!.container!.id).toBe('id-a-1');
    expect(isNoop(plan)).toBe(true);
  });

  it('recreates on a changed config hash or image, and starts a stopped one', () => {
    const plan = planDeploy({
      ...base,
      desired: [want('a', 'new-hash'), want('b', 'h-b', 'sha256:other'), want('c')],
      actualContainers: [container('a'), container('b'), container('c', { state: 'exited' })],
    });
    expect(plan.services.map((s) => [s.service, s.action, s.reason])).toEqual([
      ['a', 'recreate', 'configuration changed'],
      ['b', 'recreate', 'image changed'],
      ['c', 'start', 'stopped'],
    ]);
  });

  it('recreates everything with forceRecreate', () => {
    const plan = planDeploy({ ...base, desired: [want('a')], actualContainers: [container('a')], forceRecreate: true });
    expect(plan.services[0]!.action).toBe('recreate');
  });

  it('after an interrupted replacement keeps the new container and drops the one set aside', () => {
    const aside = { ...container('a', { state: 'exited', hash: 'old' }), id: 'old-id', name: 'p-a-1-replaced-0123456789ab' };
    const fresh = { ...container('a', { state: 'created' }), id: 'new-id' };
    const plan = planDeploy({ ...base, desired: [want('a')], actualContainers: [aside, fresh] });
    expect(plan.services[0]).toMatchObject({ action: 'start', reason: 'created, never started', container: { id: 'new-id' } });
    expect(plan.orphans.map((o) => o.id)).toEqual(['old-id']);
  });

  it('removes containers of services no longer declared, and extra replicas, but not other profiles', () => {
    const plan = planDeploy({
      ...base,
      desired: [want('a')],
      actualContainers: [container('a'), container('a', { number: '2' }), container('gone'), container('c', { state: 'exited' })],
    });
    expect(plan.orphans.map((o) => o.name).sort()).toEqual(['p-a-2', 'p-gone-1']);
    expect(plan.services[0]!.container!.name).toBe('p-a-1');
  });
});
