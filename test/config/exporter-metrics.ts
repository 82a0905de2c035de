/**
 * Metrics that the stack's own components expose, which rules may name besides the backend's contract.
 * Each name was read from the component's /metrics (Prometheus 2.42, AlertManager 0.25, node_exporter
 * 1.5, blackbox_exporter 0.23 run from Debian bookworm's packages) or from its documentation where the
 * metric only appears with a live dependency (probe_ssl_* needs HTTPS, the optional exporters a
 * database). Add a name here only after checking the exporter really exposes it.
 */
export interface ExporterMetrics {
  /** The component that exposes the metrics. */
  source: string;
  /** Rule files (under rules/) that may use them; undefined means any rule file. */
  files?: string[];
  names: string[];
}

/** The allowlist, by component. */
export const exporterMetrics: ExporterMetrics[] = [
  {
    // Synthesised by Prometheus for every scrape target.
    source: 'Prometheus (scrape)',
    names: ['up'],
  },
  {
    source: 'Prometheus (self-metrics, job prometheus)',
    names: [
      'prometheus_config_last_reload_successful',
      'prometheus_rule_evaluation_failures_total',
      'prometheus_notifications_errors_total',
      'prometheus_notifications_sent_total',
      'prometheus_notifications_alertmanagers_discovered',
      'prometheus_tsdb_compactions_failed_total',
    ],
  },
  {
    source: 'AlertManager (job alertmanager)',
    names: [
      'alertmanager_config_last_reload_successful',
      'alertmanager_notifications_failed_total',
      'alertmanager_notifications_total',
    ],
  },
  {
    source: 'node_exporter (job node-exporter)',
    names: [
      'node_cpu_seconds_total',
      'node_memory_MemAvailable_bytes',
      'node_memory_MemTotal_bytes',
      'node_filesystem_avail_bytes',
      'node_filesystem_size_bytes',
      'node_filesystem_readonly',
      'node_disk_io_time_seconds_total',
    ],
  },
  {
    // Returned by /probe, i.e. the blackbox-http and blackbox-tcp jobs; probe_ssl_* only for HTTPS targets.
    source: 'blackbox_exporter probes',
    names: ['probe_success', 'probe_duration_seconds', 'probe_ssl_earliest_cert_expiry'],
  },
  {
    source: 'postgres_exporter (optional, profile exporters)',
    files: ['postgres-exporter.yml'],
    names: ['pg_up', 'pg_stat_activity_count', 'pg_settings_max_connections'],
  },
  {
    source: 'redis_exporter (optional, profile exporters)',
    files: ['redis-exporter.yml'],
    names: ['redis_up', 'redis_memory_used_bytes', 'redis_memory_max_bytes', 'redis_rejected_connections_total'],
  },
  {
    source: 'nginx-prometheus-exporter (optional, profile exporters)',
    files: ['nginx-exporter.yml'],
    names: ['nginx_up', 'nginx_connections_accepted', 'nginx_connections_handled'],
  },
  {
    source: 'cAdvisor (optional, profile exporters)',
    files: ['cadvisor.yml'],
    names: [
      'container_memory_working_set_bytes',
      'container_spec_memory_limit_bytes',
      'container_cpu_cfs_throttled_periods_total',
      'container_cpu_cfs_periods_total',
    ],
  },
];

/** The components whose metrics `file` may name. */
export function allowedExporterMetrics(file: string): Map<string, string> {
  const allowed = new Map<string, string>();
  for (const entry of exporterMetrics) {
    if (entry.files && !entry.files.includes(file)) continue;
    for (const name of entry.names) allowed.set(name, entry.source);
  }
  return allowed;
}
