import { failed, type StackChecks } from '../core/stack-checks.js';

/** Adds one gauge family: name, help text and its samples (labels, value). */
export type GaugeSink = (name: string, help: string, samples: [Record<string, string>, number][]) => void;

const checkNames: (keyof StackChecks)[] = ['targets', 'rules', 'tsdb', 'alerts', 'alertmanagerCluster', 'grafanaLogin'];

/** The deeper checks as ish_monitor_* gauges; a family whose check did not run has no samples. */
export function addCheckMetrics(c: StackChecks, p: Record<string, string>, gauge: GaugeSink): void {
  const ran = checkNames.filter((k) => c[k] !== undefined);
  gauge('ish_monitor_check_success', 'Whether a deeper check could read its API (1) or not (0).', ran.map((k) => [{ ...p, check: k }, failed(c[k]!) ? 0 : 1]));
  const t = c.targets && !failed(c.targets) ? c.targets : undefined;
  const targetSamples = (health: 'up' | 'down' | 'unknown'): [Record<string, string>, number][] =>
    (t?.jobs ?? []).map((j) => [{ ...p, job: j.job, stack: String(j.stack), health }, j[health]]);
  gauge('ish_monitor_scrape_targets', 'Active Prometheus scrape targets per job and health (stack="true": a job of the stack itself).', [
    ...targetSamples('up'),
    ...targetSamples('down'),
    ...targetSamples('unknown'),
  ]);
  const r = c.rules && !failed(c.rules) ? c.rules : undefined;
  gauge('ish_monitor_rules', 'Prometheus recording and alerting rules loaded.', r ? [[p, r.rules]] : []);
  gauge('ish_monitor_rules_failing', 'Rules whose last evaluation failed.', r ? [[p, r.failing.length]] : []);
  const d = c.tsdb && !failed(c.tsdb) ? c.tsdb : undefined;
  const optional = (v: number | null | undefined): [Record<string, string>, number][] => (v === null || v === undefined ? [] : [[p, v]]);
  gauge('ish_monitor_tsdb_storage_bytes', 'On-disk size of the Prometheus TSDB, as Prometheus reports it.', optional(d?.storageBytes));
  gauge('ish_monitor_tsdb_retention_size_bytes', 'The TSDB size retention limit (absent when unlimited).', optional(d?.retentionSizeBytes));
  gauge('ish_monitor_tsdb_retention_size_used_ratio', 'TSDB size divided by its size retention limit.', optional(d?.retentionSizeUsedRatio));
  gauge('ish_monitor_tsdb_retention_time_seconds', 'The TSDB time retention.', optional(d?.retentionTimeSeconds));
  gauge('ish_monitor_tsdb_oldest_sample_age_seconds', 'Age of the oldest sample the TSDB keeps.', optional(d?.oldestSampleAgeSeconds));
  const a = c.alerts && !failed(c.alerts) ? c.alerts : undefined;
  gauge('ish_monitor_firing_alerts', 'Alerts active in AlertManager, neither silenced nor inhibited, per severity.', Object.entries(a?.bySeverity ?? {}).map(([severity, n]) => [{ ...p, severity }, n]));
  const k = c.alertmanagerCluster && !failed(c.alertmanagerCluster) ? c.alertmanagerCluster : undefined;
  gauge('ish_monitor_alertmanager_cluster_peers', 'AlertManager cluster members known, itself included (0 when clustering is disabled).', k ? [[{ ...p, status: k.status }, k.peers]] : []);
  const g = c.grafanaLogin && !failed(c.grafanaLogin) && c.grafanaLogin.ok !== null ? c.grafanaLogin : undefined;
  gauge('ish_monitor_grafana_admin_login_success', 'Whether Grafana accepts the stored admin password (0: it drifted).', g ? [[p, g.ok ? 1 : 0]] : []);
}
