import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/core/history.js';
import { renderHistory } from '../../../src/output/render-history.js';
import { renderDataQuestion, renderRollback, renderUpgrade } from '../../../src/output/render-upgrade.js';
import { paint } from '../../../src/output/style.js';

const plain = paint(false);

describe('upgrade and history renderers', () => {
  const steps = [
    { service: 'prometheus', action: 'replace' as const, changes: ['image' as const], fromImage: 'prom:1', fromImageId: 'sha256:aaaaaaaaaaaaaaaa', toImage: 'prom:2', toImageId: 'sha256:bbbbbbbbbbbbbbbb' },
    { service: 'grafana', action: 'replace' as const, changes: ['configuration' as const], fromImage: 'g:1', fromImageId: 'sha256:cccccccccccc', toImage: 'g:1', toImageId: 'sha256:cccccccccccc' },
    { service: 'loki', action: 'create' as const, changes: ['image' as const, 'configuration' as const], toImage: 'loki:3', toImageId: 'sha256:dddddddddddd' },
  ];

  it('shows old tag and ID -> new tag and ID per service, configuration changes named', () => {
    const text = renderUpgrade({ project: 'p', dryRun: true, steps, envWritten: {}, durationMs: 0 }, plain);
    expect(text.split('\n')).toEqual([
      'upgrade plan for project p (dry run: nothing changed)',
      '  prometheus  replace  prom:1 (aaaaaaaaaaaa) -> prom:2 (bbbbbbbbbbbb)',
      '  grafana     replace  g:1 (cccccccccccc) -> g:1 (cccccccccccc); configuration changed',
      '  loki        create   new: loki:3 (dddddddddddd)',
      '',
    ]);
  });

  it('after an upgrade: duration, backup and the env values written', () => {
    const text = renderUpgrade({ project: 'p', dryRun: false, steps: steps.slice(0, 1), backup: '/b/p.tar.gz', envWritten: { PROMETHEUS_IMAGE: 'prom:2' }, durationMs: 12_345 }, plain);
    expect(text).toContain('project p upgraded in 12.3 s');
    expect(text).toContain('backup taken before: /b/p.tar.gz');
    expect(text).toContain('PROMETHEUS_IMAGE=prom:2 written to the env file');
    expect(renderUpgrade({ project: 'p', dryRun: false, steps: [], envWritten: {}, durationMs: 1 }, plain)).toBe('project p: nothing to upgrade, every service runs its target version\n');
  });

  it('a rollback names what it restored and the env values given back', () => {
    const text = renderRollback({ project: 'p', upgradeStartedAt: 'T', upgradeStatus: 'done', restored: ['prometheus'], envRestored: { PROMETHEUS_IMAGE: 'prom:1', X_IMAGE: null }, dataRestored: [], durationMs: 2_000 }, plain);
    expect(text.split('\n')).toEqual([
      'project p: back to the state before the upgrade of T (2.0 s)',
      '  restored: prometheus',
      '  PROMETHEUS_IMAGE: set back to prom:1 in the env file',
      '  X_IMAGE: removed from the env file',
      '',
    ]);
  });

  it('a rollback that restored data names the services and the backup', () => {
    const text = renderRollback({ project: 'p', upgradeStartedAt: 'T', upgradeStatus: 'done', restored: ['grafana'], envRestored: {}, dataRestored: ['grafana'], backup: '/b/p.tar.gz', durationMs: 2_000 }, plain);
    expect(text).toContain('  data restored from /b/p.tar.gz: grafana (their recorded version refused the data the new version left)\n');
  });

  it('the data question names the services, the evidence and what restoring loses', () => {
    const text = renderDataQuestion({ services: ['grafana'], backup: '/b/p.tar.gz', evidence: ['grafana: grafana did not become ready: container exited with code 1', 'last 1 log lines of grafana:', '  FATAL: data format 2'] });
    expect(text.split('\n')).toEqual([
      'back on their recorded version, grafana did not become ready on the data the new version left:',
      '  grafana: grafana did not become ready: container exited with code 1',
      '  last 1 log lines of grafana:',
      '    FATAL: data format 2',
      'restoring puts back their data from /b/p.tar.gz, taken before the upgrade; data written since then is lost.',
      '',
    ]);
  });

  it('history: one row per run, its changes under it', () => {
    const entries: HistoryEntry[] = [
      { command: 'deploy', at: '2026-01-01T00:00:00.000Z', result: 'ok', durationMs: 14_000, changes: [{ service: 'prometheus', action: 'create', reason: 'not deployed' }], toolVersion: 't' },
      { command: 'upgrade', at: '2026-01-02T00:00:00.000Z', result: 'rolled-back', durationMs: 30_000, changes: [{ service: 'prometheus', action: 'replace', from: 'prom:1 (a)', to: 'prom:2 (b)' }], error: 'not ready', backup: '/b/x.tar.gz', dataRestored: ['prometheus'], toolVersion: 't' },
    ];
    expect(renderHistory('p', entries, plain).split('\n')).toEqual([
      '2026-01-01T00:00:00.000Z  deploy  ok  14.0 s',
      '    prometheus create (not deployed)',
      '2026-01-02T00:00:00.000Z  upgrade  rolled-back  30.0 s  not ready',
      '    prometheus replace: prom:1 (a) -> prom:2 (b)',
      '    backup: /b/x.tar.gz',
      '    data restored from the backup: prometheus',
      '',
    ]);
    expect(renderHistory('p', [], plain)).toBe('project p: no deploy or upgrade recorded yet\n');
  });
});
