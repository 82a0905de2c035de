import { describe, expect, it } from 'vitest';
import type { ContainerSummary, NamedResource } from '../../../src/docker/types.js';
import { normalizeImageRef } from '../../../src/core/image-ref.js';
import { isProjectResource, planCleanup, type CleanupFacts } from '../../../src/core/plan-cleanup.js';

const P = 'ish-monitoring';
const ours = (extra: Record<string, string> = {}) => ({ 'com.docker.compose.project': P, 'io.ish-monitor.managed': 'true', ...extra });

const container = (name: string, labels: Record<string, string>, o: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `id-${name}`,
  name,
  image: 'x',
  imageId: `sha256:${name}`,
  state: 'running',
  statusText: 'Up',
  labels,
  ports: [],
  createdAt: new Date(0),
  ...o,
});
const resource = (name: string, labels: Record<string, string>): NamedResource => ({ name, id: name, labels });
const svc = (s: string, o: Partial<ContainerSummary> = {}) => container(`${P}-${s}-1`, ours({ 'com.docker.compose.service': s }), o);

const facts = (o: Partial<CleanupFacts> = {}): CleanupFacts => ({
  project: P,
  startOrder: ['alertmanager', 'prometheus', 'grafana', 'pushgateway'],
  stackImages: ['prom/prometheus:v3.5.0', 'grafana/grafana:12.0.2', 'prom/alertmanager:v0.28.1', 'prom/pushgateway:v1.11.1'],
  containers: [svc('prometheus'), svc('grafana'), svc('alertmanager'), svc('pushgateway')],
  networks: [resource(`${P}_monitoring`, ours())],
  volumes: [resource(`${P}_prometheus_data`, ours()), resource(`${P}_grafana_data`, ours())],
  ...o,
});

describe('isProjectResource', () => {
  it('needs both the project label and the managed marker', () => {
    expect(isProjectResource(ours(), P)).toBe(true);
    expect(isProjectResource({ 'com.docker.compose.project': P }, P)).toBe(false);
    expect(isProjectResource({ 'io.ish-monitor.managed': 'true' }, P)).toBe(false);
    expect(isProjectResource(ours({ 'com.docker.compose.project': 'other' }), P)).toBe(false);
    expect(isProjectResource(ours({ 'io.ish-monitor.managed': 'false' }), P)).toBe(false);
  });
});

describe('planCleanup', () => {
  it('stops dependents first, over every profile, and keeps volumes without --volumes', () => {
    const plan = planCleanup(facts(), { volumes: false, images: false });
    expect(plan.containers.map((c) => c.service)).toEqual(['pushgateway', 'grafana', 'prometheus', 'alertmanager']);
    expect(plan.networks).toEqual([`${P}_monitoring`]);
    expect(plan.volumes).toEqual([]);
    expect(plan.keptVolumes).toEqual([`${P}_grafana_data`, `${P}_prometheus_data`]);
    expect(plan.images).toEqual([]);
  });

  it('a labelled container of a service the compose file no longer has goes first', () => {
    const plan = planCleanup(facts({ containers: [svc('prometheus'), svc('retired')] }), { volumes: false, images: false });
    expect(plan.containers.map((c) => c.service)).toEqual(['retired', 'prometheus']);
  });

  it('never plans a look-alike without the labels, even if the listing returned it', () => {
    const plan = planCleanup(
      facts({
        containers: [svc('prometheus'), container(`${P}-prometheus-1-copy`, {}), container('x', { 'com.docker.compose.project': P })],
        networks: [resource(`${P}_monitoring`, ours()), resource(`${P}_monitoring2`, { 'com.docker.compose.project': P })],
        volumes: [resource(`${P}_prometheus_data`, ours()), resource(`${P}_prometheus_data_old`, { 'io.ish-monitor.managed': 'true' })],
      }),
      { volumes: true, images: false },
    );
    expect(plan.containers.map((c) => c.name)).toEqual([`${P}-prometheus-1`]);
    expect(plan.networks).toEqual([`${P}_monitoring`]);
    expect(plan.volumes.map((v) => v.name)).toEqual([`${P}_prometheus_data`]);
  });

  it('with --volumes lists the volumes with their sizes where measured', () => {
    const plan = planCleanup(facts({ volumeSizes: new Map([[`${P}_prometheus_data`, 1_234_567]]) }), { volumes: true, images: false });
    expect(plan.volumes).toEqual([{ name: `${P}_grafana_data` }, { name: `${P}_prometheus_data`, sizeBytes: 1_234_567 }]);
    expect(plan.keptVolumes).toEqual([]);
  });

  it('with --images removes the stack\'s images nobody else uses, and keeps the rest', () => {
    const plan = planCleanup(
      facts({
        containers: [svc('prometheus', { imageId: 'sha256:prom' }), svc('grafana', { imageId: 'sha256:graf' })],
        images: [
          { id: 'sha256:prom', repoTags: ['prom/prometheus:v3.5.0'], repoDigests: ['prom/prometheus@sha256:aa'], sizeBytes: 300 },
          { id: 'sha256:graf', repoTags: ['grafana/grafana:12.0.2', 'mirror/grafana:12'], repoDigests: [], sizeBytes: 500 },
          { id: 'sha256:am', repoTags: ['prom/alertmanager:v0.28.1'], repoDigests: [], sizeBytes: 70 },
          { id: 'sha256:unrelated', repoTags: ['busybox:latest'], repoDigests: [], sizeBytes: 1 },
        ],
        allContainers: [
          svc('prometheus', { imageId: 'sha256:prom' }),
          svc('grafana', { imageId: 'sha256:graf' }),
          container('someone-elses-alertmanager', {}, { imageId: 'sha256:am' }),
          container('shell', {}, { imageId: 'sha256:unrelated' }),
        ],
      }),
      { volumes: false, images: true },
    );
    expect(plan.images).toEqual([
      { id: 'sha256:graf', refs: ['grafana/grafana:12.0.2'], sizeBytes: 500, deletes: false, otherTags: ['mirror/grafana:12'] },
      { id: 'sha256:prom', refs: ['prom/prometheus:v3.5.0'], sizeBytes: 300, deletes: true, otherTags: [] },
    ]);
    expect(plan.keptImages).toEqual([{ ref: 'prom/alertmanager:v0.28.1', reason: 'used by container someone-elses-alertmanager, which is not this project\'s' }]);
  });

  it('an untagged image only this project ran is removed by ID', () => {
    const plan = planCleanup(
      facts({
        containers: [svc('prometheus', { image: 'sha256:old', imageId: 'sha256:old' })],
        images: [{ id: 'sha256:old', repoTags: [], repoDigests: [], sizeBytes: 9 }],
        allContainers: [svc('prometheus', { image: 'sha256:old', imageId: 'sha256:old' })],
      }),
      { volumes: false, images: true },
    );
    expect(plan.images).toEqual([{ id: 'sha256:old', refs: ['sha256:old'], sizeBytes: 9, deletes: true, otherTags: [] }]);
  });
});

describe('normalizeImageRef', () => {
  it.each([
    ['busybox', 'busybox:latest'],
    ['docker.io/library/busybox:1.36', 'busybox:1.36'],
    ['docker.io/prom/prometheus:v3.5.0', 'prom/prometheus:v3.5.0'],
    ['quay.io/thanos/thanos:v0.39.2', 'quay.io/thanos/thanos:v0.39.2'],
    ['localhost:5000/prom', 'localhost:5000/prom:latest'],
    ['localhost:5000/library/x:1', 'localhost:5000/library/x:1'],
    ['prom/prometheus:v3@sha256:abc', 'prom/prometheus@sha256:abc'],
  ])('%s -> %s', (ref, want) => expect(normalizeImageRef(ref)).toBe(want));
});
