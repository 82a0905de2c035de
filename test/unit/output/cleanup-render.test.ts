import { describe, expect, it } from 'vitest';
import { cleanupConsent } from '../../../src/cli/cleanup-command.js';
import type { CleanupResult } from '../../../src/core/cleanup-stack.js';
import type { CleanupPlan } from '../../../src/core/plan-cleanup.js';
import { formatBytes, renderCleanupDone, renderCleanupPlan } from '../../../src/output/render-cleanup.js';
import { paint } from '../../../src/output/style.js';

const plain = paint(false);

const plan: CleanupPlan = {
  project: 'ish',
  containers: [
    { id: 'a', name: 'ish-grafana-1', service: 'grafana', state: 'running' },
    { id: 'b', name: 'ish-prometheus-1', service: 'prometheus', state: 'exited' },
  ],
  networks: ['ish_monitoring'],
  volumes: [],
  keptVolumes: ['ish_grafana_data', 'ish_prometheus_data'],
  images: [],
  keptImages: [],
};

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1_000, '1.0 kB'],
    [1_234_567, '1.2 MB'],
    [45_600_000, '46 MB'],
    [3_000_000_000, '3.0 GB'],
  ])('%d -> %s', (n, s) => expect(formatBytes(n)).toBe(s));
});

describe('renderCleanupPlan', () => {
  it('names what goes and says the volumes are kept and how to remove them', () => {
    expect(renderCleanupPlan(plan, plain, { dryRun: false })).toBe(
      [
        'project ish: cleanup will remove',
        '  container  ish-grafana-1     grafana (running)',
        '  container  ish-prometheus-1  prometheus (exited)',
        '  network    ish_monitoring',
        'keeping 2 data volumes (ish_grafana_data, ish_prometheus_data): a later deploy uses them again',
        '  to delete them too: `ish-monitor backup`, then `ish-monitor cleanup --volumes`',
        '',
      ].join('\n'),
    );
  });

  it('with volumes: sizes, a total, and the backup line', () => {
    const withVolumes: CleanupPlan = {
      ...plan,
      containers: [],
      networks: [],
      keptVolumes: [],
      volumes: [{ name: 'ish_prometheus_data', sizeBytes: 2_500_000_000 }, { name: 'ish_grafana_data' }],
      images: [
        { id: 'sha256:p', refs: ['prom/prometheus:v3.5.0'], sizeBytes: 300_000_000, deletes: true, otherTags: [] },
        { id: 'sha256:g', refs: ['grafana/grafana:12'], sizeBytes: 500_000_000, deletes: false, otherTags: ['mirror/grafana:12'] },
      ],
      keptImages: [{ ref: 'prom/alertmanager:v0.28.1', reason: 'used by container x, which is not this project\'s' }],
    };
    const text = renderCleanupPlan(withVolumes, plain, { dryRun: true });
    expect(text).toContain('project ish: cleanup would remove (dry run: nothing removed)');
    expect(text).toMatch(/volume\s+ish_prometheus_data\s+2\.5 GB/);
    expect(text).toMatch(/volume\s+ish_grafana_data\s+size unknown/);
    expect(text).toContain('2 data volumes, 2.5 GB or more, will be deleted for good');
    expect(text).toContain('back up first: `ish-monitor backup`');
    expect(text).toMatch(/image\s+prom\/prometheus:v3\.5\.0\s+300 MB/);
    expect(text).toMatch(/image\s+grafana\/grafana:12\s+untag only \(kept as mirror\/grafana:12\)/);
    expect(text).toContain('keeping image prom/alertmanager:v0.28.1: used by container x');
    expect(text).not.toContain('keeping 2 data volumes');
  });

  it('an empty project says so', () => {
    const empty: CleanupPlan = { ...plan, containers: [], networks: [], keptVolumes: [] };
    expect(renderCleanupPlan(empty, plain, { dryRun: false })).toBe('project ish: nothing to remove\n');
  });
});

describe('renderCleanupDone', () => {
  const done: CleanupResult = { ...plan, dryRun: false, declined: false, warnings: [] };
  it('sums up what was removed', () => {
    expect(renderCleanupDone(done, plain)).toBe('project ish: removed 2 containers, 1 network\n');
    const vols = { ...done, volumes: [{ name: 'v', sizeBytes: 1_500 }] };
    expect(renderCleanupDone(vols, plain)).toBe('project ish: removed 2 containers, 1 network, 1 volume (1.5 kB)\n');
    expect(renderCleanupDone({ ...vols, containers: [], networks: [] }, plain)).toBe('project ish: removed 1 volume (1.5 kB)\n');
  });
  it('a declined confirmation removed nothing', () => {
    expect(renderCleanupDone({ ...done, declined: true }, plain)).toBe('nothing removed (not confirmed)\n');
  });
});

describe('cleanupConsent', () => {
  it('asks only for volumes, on a terminal; refuses without one unless --yes; a dry run needs nothing', () => {
    expect(cleanupConsent({ volumes: false, yes: false, dryRun: false }, false)).toBe('none');
    expect(cleanupConsent({ volumes: true, yes: false, dryRun: false }, true)).toBe('ask');
    expect(cleanupConsent({ volumes: true, yes: false, dryRun: false }, false)).toBe('refuse');
    expect(cleanupConsent({ volumes: true, yes: true, dryRun: false }, false)).toBe('none');
    expect(cleanupConsent({ volumes: true, yes: false, dryRun: true }, false)).toBe('none');
  });
});
