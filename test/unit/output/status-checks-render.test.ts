import { describe, expect, it } from 'vitest';
import type { StackChecks } from '../../../src/core/stack-checks.js';
import { formatBytes } from '../../../src/output/format.js';
import { renderChecks } from '../../../src/output/render-status-checks.js';
import { paint } from '../../../src/output/style.js';

const checks: StackChecks = {
  targets: {
    jobs: [
      { job: 'node-exporter', stack: true, up: 0, down: 1, unknown: 0, downTargets: [{ instance: 'node-exporter:9100', lastError: 'connection refused', lastScrape: '' }] },
      { job: 'prometheus', stack: true, up: 1, down: 0, unknown: 0, downTargets: [] },
      { job: 'ish-chat-load-balancer', stack: false, up: 2, down: 1, unknown: 1, downTargets: [] },
    ],
  },
  rules: { groups: 24, rules: 97, failing: [] },
  tsdb: { storageBytes: 1536 * 1024 ** 2, walCounted: true, retentionSizeBytes: 10 * 1024 ** 3, retentionSizeUsedRatio: 0.15, retentionTimeSeconds: 1_296_000, oldestSampleAgeSeconds: 3_600, headSeries: 2000 },
  alerts: { firing: 3, bySeverity: { critical: 1, warning: 2, info: 0 }, critical: ['X'] },
  alertmanagerCluster: { error: 'ECONNREFUSED' },
  grafanaLogin: { user: 'admin', passwordFile: '/s', ok: false, httpStatus: 401 },
};

describe('renderChecks (the human status view)', () => {
  it('prints one aligned line per check, then the findings with their hints', () => {
    const out = renderChecks(checks, [{ check: 'grafanaLogin', level: 'degraded', message: 'Grafana admin password drifted', hint: 'reset it with: X' }], paint(false));
    expect(out).toEqual([
      'checks:',
      '  targets  stack jobs 1/2 up; monitored targets 2 up, 1 down; 1 not scraped yet',
      '  rules    24 groups, 97 rules, 0 failing',
      '  tsdb     1.5 GiB of 10.0 GiB (15%), oldest sample 1h0m ago of 15d0h0m retention',
      '  alerts   3 firing: 1 critical, 2 warning',
      '  cluster  not checked: ECONNREFUSED',
      '  grafana  admin login FAILS (HTTP 401) as admin',
      'findings:',
      '! Grafana admin password drifted',
      '    hint: reset it with: X',
    ]);
  });
  it('says when the size leaves out the WAL (a Prometheus that does not report it)', () => {
    const out = renderChecks({ tsdb: { ...checks.tsdb!, walCounted: false } } as StackChecks, [], paint(false));
    expect(out[1]).toBe('  tsdb  1.5 GiB of 10.0 GiB (15%) in blocks (WAL not reported by this Prometheus), oldest sample 1h0m ago of 15d0h0m retention');
  });
  it('prints nothing when no check ran (e.g. the core services are down)', () => {
    expect(renderChecks({}, [], paint(false))).toEqual([]);
  });
  it('formats byte sizes in binary units', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(10 * 1024 ** 3)]).toEqual(['0 B', '1023 B', '1.5 KiB', '10.0 GiB']);
  });
});
