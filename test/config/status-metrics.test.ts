import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClusterStatus } from '../../src/core/alertmanager-cluster.js';
import { parseAlerts } from '../../src/core/firing-alerts.js';
import type { StackStatus } from '../../src/core/get-stack-status.js';
import { parseRules } from '../../src/core/rule-health.js';
import { parseTargets } from '../../src/core/scrape-targets.js';
import { parseTsdb } from '../../src/core/tsdb-usage.js';
import { renderStatusMetrics } from '../../src/output/render-status-metrics.js';
import { runCli } from '../support/run-cli.js';
import { promtoolCheckMetrics as checkMetrics } from './run-tool.js';

const status: StackStatus = {
  project: 'ish-monitoring',
  profiles: [],
  engine: { endpoint: 'unix:///var/run/docker.sock', reachable: true },
  status: 'degraded',
  exitCode: 1,
  checks: {},
  findings: [],
  services: [
    {
      service: 'prometheus',
      core: true,
      state: 'running',
      health: 'healthy',
      uptimeSeconds: 120,
      ports: [],
      probe: { url: 'http://127.0.0.1:9090/-/ready', ok: true, latencyMs: 12, detail: 'HTTP 200' },
      level: 'ok',
      reason: 'ready',
    },
    { service: 'node-exporter', core: false, state: 'exited', health: 'none', ports: [], level: 'down', reason: 'container exited' },
  ],
};

describe('status --format prometheus', () => {
  it('renders metrics that promtool accepts, one series per service', () => {
    const text = renderStatusMetrics(status, Date.parse('2026-01-01T00:00:00Z'));
    expect(checkMetrics(text)).toEqual({ code: 0, output: '' });
    expect(text).toContain('ish_monitor_status{project="ish-monitoring"} 1');
    expect(text).toContain('ish_monitor_service_level{project="ish-monitoring",service="node-exporter",core="false"} 2');
    expect(text).toContain('ish_monitor_probe_duration_seconds{project="ish-monitoring",service="prometheus",core="true"} 0.012');
    expect(text).toContain('ish_monitor_last_check_timestamp_seconds{project="ish-monitoring"} 1767225600');
  });

  it('renders every deeper check (parsed from recorded real answers) as metrics promtool accepts', () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/status/${name}`, import.meta.url), 'utf8');
    const checks: StackStatus['checks'] = {
      targets: parseTargets(JSON.parse(fixture('prom-targets-nodeexp-missing.json')), { stackServices: new Set(['prometheus', 'node-exporter']), startedAt: new Map() }),
      rules: parseRules(JSON.parse(fixture('prom-rules-errors.json'))),
      tsdb: parseTsdb(fixture('prom-metrics.txt'), JSON.parse(fixture('prom-flags.json')), Date.parse('2026-11-27T21:00:00Z')),
      alerts: parseAlerts(JSON.parse(fixture('am-alerts.json'))),
      alertmanagerCluster: parseClusterStatus(JSON.parse(fixture('am-status-cluster.json'))),
      grafanaLogin: { user: 'admin', passwordFile: '/srv/secrets/grafana_admin_password', ok: false, httpStatus: 401 },
    };
    const findings: StackStatus['findings'] = [{ check: 'grafanaLogin', level: 'degraded', message: 'drifted' }];
    const text = renderStatusMetrics({ ...status, checks, findings }, Date.parse('2026-01-01T00:00:00Z'));
    expect(checkMetrics(text)).toEqual({ code: 0, output: '' });
    const p = 'project="ish-monitoring"';
    for (const sample of [
      `ish_monitor_scrape_targets{${p},job="node-exporter",stack="true",health="down"} 1`,
      `ish_monitor_scrape_targets{${p},job="prometheus",stack="true",health="up"} 1`,
      `ish_monitor_rules_failing{${p}} 1`,
      `ish_monitor_tsdb_retention_size_bytes{${p}} 10737418240`,
      `ish_monitor_firing_alerts{${p},severity="critical"} 1`,
      `ish_monitor_firing_alerts{${p},severity="warning"} 2`,
      `ish_monitor_alertmanager_cluster_peers{${p},status="ready"} 1`,
      `ish_monitor_grafana_admin_login_success{${p}} 0`,
      `ish_monitor_check_success{${p},check="targets"} 1`,
      `ish_monitor_findings{${p},check="grafanaLogin",level="degraded"} 1`,
    ]) expect(text).toContain(sample);
    // A check that failed has no facts, and says so.
    const broken = renderStatusMetrics({ ...status, checks: { targets: { error: 'ECONNREFUSED' } } }, 0);
    expect(checkMetrics(broken).code).toBe(0);
    expect(broken).toContain(`ish_monitor_check_success{${p},check="targets"} 0`);
    expect(broken).not.toContain('ish_monitor_scrape_targets{');
  });

  it('writes the file atomically from the CLI, even when the engine is unreachable (status 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-textfile-'));
    const file = join(dir, 'ish-monitor.prom');
    const r = await runCli(['status', '--format', 'prometheus', '--output', file], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    const text = readFileSync(file, 'utf8');
    expect(checkMetrics(text).code).toBe(0);
    expect(text).toContain('ish_monitor_status{project="ish-monitoring"} 3');
    expect(text).toContain('ish_monitor_engine_reachable{project="ish-monitoring"} 0');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(() => statSync(`${file}.partial`)).toThrow();
  });

  it('names a metrics file it cannot write (exit 66), and --output without the format is a usage error', async () => {
    const r = await runCli(['status', '--format', 'prometheus', '--output', '/nonexistent-dir/x.prom'], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(r.code).toBe(66);
    expect(r.stderr).toContain('error: cannot write the metrics file /nonexistent-dir/x.prom: ENOENT');
    const u = await runCli(['status', '--output', '/tmp/x.prom'], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(u.code).toBe(64);
  });
});
