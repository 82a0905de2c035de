import { describe, expect, it } from 'vitest';
import type { MountSpec, StackSpec } from '../../../src/compose/types.js';
import type { BackupHeader, BackupManifest, ManifestVolume } from '../../../src/backup/manifest.js';
import type { ContainerSummary } from '../../../src/docker/types.js';
import { contentsOfHeader, contentsOfManifest, planRestore } from '../../../src/core/restore-plan.js';
import { selectStack } from '../../../src/core/stack-context.js';
import { serviceSpec } from '../../support/service-spec.js';

const vol = (source: string, target: string): MountSpec => ({ type: 'volume', source, target, readOnly: false });
const stack: StackSpec = {
  project: 'p',
  composeFile: '/c/compose.yml',
  workingDir: '/c',
  services: [
    serviceSpec('prometheus', { volumes: [vol('prometheus_data', '/prometheus')] }),
    serviceSpec('grafana', { volumes: [vol('grafana_data', '/var/lib/grafana')] }),
    // Another enabled service mounting Prometheus' volume is stopped for the swap too; one in a disabled profile is not.
    serviceSpec('sidecar', { volumes: [vol('prometheus_data', '/data')] }),
    serviceSpec('thanos', { profiles: ['longterm'], volumes: [vol('prometheus_data', '/prometheus')] }),
  ],
  networks: [{ name: 'monitoring', labels: {} }],
  volumes: [
    { name: 'prometheus_data', labels: {} },
    { name: 'grafana_data', labels: {} },
  ],
};
const detail = (volume: string, service: string): ManifestVolume => ({ volume, engineName: `old_${volume}`, service, mountPath: '/', sourcePath: '/', prefix: `volumes/${volume}/`, excluded: [], entries: 2, bytes: 10 });
const manifest = contentsOfManifest({ project: 'p', createdAt: '2026-01-01T00:00:00.000Z', services: ['prometheus', 'grafana'], volumeDetails: [detail('prometheus_data', 'prometheus'), detail('grafana_data', 'grafana')] } as BackupManifest);
const container = (service: string) => ({ id: `id-${service}`, labels: { 'com.docker.compose.service': service } }) as unknown as ContainerSummary;

describe('planRestore', () => {
  const ctx = selectStack(stack, []);

  it('restores every volume of the archive into the live volumes of this project; affected services are those mounting them', () => {
    const plan = planRestore(ctx, manifest, [], [container('prometheus'), container('grafana'), container('sidecar')], new Set(['p_prometheus_data']));
    expect(plan.volumes.map((v) => [v.engineName, v.exists, v.entries])).toEqual([
      ['p_prometheus_data', true, 2],
      ['p_grafana_data', false, 2],
    ]);
    expect(plan.services).toEqual(['prometheus', 'grafana', 'sidecar']);
    expect(plan.deployAfter).toBe(false);
  });

  it('--services narrows to those services\' volumes; an undeployed affected service means deploying afterwards', () => {
    const plan = planRestore(ctx, manifest, ['prometheus'], [container('prometheus')], new Set());
    expect(plan.volumes.map((v) => v.volume)).toEqual(['prometheus_data']);
    expect(plan.services).toEqual(['prometheus', 'sidecar']);
    expect([...plan.containers.keys()]).toEqual(['prometheus']);
    expect(plan.deployAfter).toBe(true);
  });

  it('refuses another project\'s archive and services the archive does not hold, naming them', () => {
    expect(() => planRestore(ctx, { ...manifest, project: 'q' }, [], [], new Set())).toThrow('the archive is a backup of project q, not p');
    expect(() => planRestore(ctx, manifest, ['alertmanager'], [], new Set())).toThrow('the archive holds no data of service alertmanager');
  });

  it('from the header alone, each volume belongs to the first of the archive\'s services mounting it in the compose file: the same volumes as the manifest\'s plan', () => {
    const header = { project: 'p', createdAt: manifest.createdAt, services: ['prometheus', 'grafana'], volumes: ['prometheus_data', 'grafana_data'] } as BackupHeader;
    const early = contentsOfHeader(ctx, header);
    expect(early.volumes).toEqual([
      { volume: 'prometheus_data', service: 'prometheus', entries: 0, bytes: 0 },
      { volume: 'grafana_data', service: 'grafana', entries: 0, bytes: 0 },
    ]);
    for (const names of [[], ['grafana'], ['prometheus']]) {
      expect(planRestore(ctx, early, names, [], new Set()).volumes.map((v) => v.volume)).toEqual(planRestore(ctx, manifest, names, [], new Set()).volumes.map((v) => v.volume));
    }
    expect(() => planRestore(ctx, contentsOfHeader(ctx, { ...header, project: 'q' }), [], [], new Set())).toThrow('the archive is a backup of project q, not p');
  });

  it('a volume two of the archive\'s services mount belongs to the first in the compose file\'s order, whatever order the header lists them in (backup copies stopped services first)', () => {
    const shared: StackSpec = {
      ...stack,
      services: [serviceSpec('a', { volumes: [vol('v1', '/1'), vol('v2', '/2')] }), serviceSpec('b', { volumes: [vol('v2', '/2'), vol('v3', '/3')] })],
      volumes: ['v1', 'v2', 'v3'].map((name) => ({ name, labels: {} })),
    };
    const early = contentsOfHeader(selectStack(shared, []), { project: 'p', createdAt: manifest.createdAt, services: ['b', 'a'], volumes: ['v3', 'v1', 'v2'] } as BackupHeader);
    expect(early.volumes.map((v) => [v.volume, v.service])).toEqual([
      ['v3', 'b'],
      ['v1', 'a'],
      ['v2', 'a'],
    ]);
  });
});
