/** System Overview: is ISH Chat up, fast, correct and within budget, and is the stack that watches it healthy. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardCatalog as d } from './dashboard-catalog.js';
import { buildDashboard } from './dashboard-frame.js';
import { stat, timeseries, valueTexts } from './panel-kit.js';
import { providerVariable } from './template-variables.js';

const byProvider = '{provider_type=~"$provider"}';
/**
 * Failed share of requests aggregated `by`: 0, not empty, while no request has failed (the errors series
 * exists only once one has).
 */
function errorRatio(by: string): string {
  const requests = `sum${by} (job_provider_model:ish_chat_requests:rate5m${byProvider})`;
  return `(sum${by} (job_provider_model:ish_chat_request_errors:rate5m${byProvider}) or ${requests} * 0) / (${requests} > 0)`;
}
const upDown = valueTexts({ 0: { text: 'DOWN', color: 'red' }, 1: { text: 'UP', color: 'green' } });
const latencyAlerts = [
  { alert: 'ISHChatHighLatency', severity: 'warning' },
  { alert: 'ISHChatVeryHighLatency', severity: 'critical' },
] as const;
const budgetAlerts = [
  { alert: 'ISHChatDailyBudgetWarning', severity: 'warning' },
  { alert: 'ISHChatDailyBudgetExceeded', severity: 'critical' },
] as const;

/** Builds the System Overview dashboard. */
export function systemOverview(): Dashboard {
  return buildDashboard({
    entry: d.systemOverview,
    description: 'ISH Chat at a glance: service availability, traffic, errors, latency, capacity and spend, and the monitoring stack itself.',
    tags: ['overview'],
    variables: [providerVariable],
    related: [d.aiProviders, d.instanceHealth, d.businessKpis, d.sloMonitoring],
    from: 'now-3h',
    rows: [
      {
        title: 'Now',
        panels: [
          stat({
            title: 'ISH Chat services',
            description: 'Whether Prometheus scrapes each ISH Chat service (instance manager, intelligent router, load balancer).',
            unit: 'none',
            queries: [{ expr: 'max by (job) (up{job=~"ish-chat-.+"})', legend: '{{job}}' }],
            mappings: upDown,
            width: 8,
          }),
          stat({
            title: 'Requests',
            description: 'Requests per second over all providers and models, averaged over 5 minutes.',
            unit: 'reqps',
            queries: [{ expr: `sum(job_provider_model:ish_chat_requests:rate5m${byProvider})`, legend: 'requests' }],
            width: 4,
          }),
          stat({
            title: 'Error ratio',
            description: 'Share of requests that failed over the last 5 minutes, all providers.',
            unit: 'percentunit',
            queries: [
              {
                expr: errorRatio(''),
                legend: 'errors',
              },
            ],
            alerts: [{ alert: 'ISHChatHighErrorRate', severity: 'warning' }],
            decimals: 2,
            width: 4,
          }),
          stat({
            title: 'Slowest p95 latency',
            description: 'The highest 95th percentile request duration of any provider and model, over 5 minutes.',
            unit: 's',
            queries: [{ expr: `max(job_provider_model:ish_chat_request_duration_seconds:p95_rate5m${byProvider})`, legend: 'p95' }],
            alerts: [...latencyAlerts],
            width: 4,
          }),
          stat({
            title: 'Spend today',
            description: 'Dollars spent since midnight, all providers (the backend daily cost gauge).',
            unit: 'currencyUSD',
            queries: [{ expr: 'sum(job:ish_chat_daily_cost_dollars:sum)', legend: 'spend' }],
            alerts: [...budgetAlerts],
            width: 4,
          }),
        ],
      },
      {
        title: 'Traffic and errors',
        panels: [
          timeseries({
            title: 'Request rate by provider',
            description: 'Requests per second per provider, averaged over 5 minutes.',
            unit: 'reqps',
            queries: [{ expr: `sum by (provider_type) (job_provider_model:ish_chat_requests:rate5m${byProvider})`, legend: '{{provider_type}}' }],
            stacked: true,
          }),
          timeseries({
            title: 'Error ratio by provider',
            description: 'Share of each provider requests that failed over 5 minutes.',
            unit: 'percentunit',
            queries: [
              {
                expr: errorRatio(' by (provider_type)'),
                legend: '{{provider_type}}',
              },
            ],
            alerts: [{ alert: 'ISHChatHighErrorRate', severity: 'warning' }],
            min: 0,
          }),
          timeseries({
            title: 'p95 latency by provider and model',
            description: '95th percentile request duration per provider and model, over 5 minutes.',
            unit: 's',
            queries: [
              { expr: `max by (provider_type, model_name) (job_provider_model:ish_chat_request_duration_seconds:p95_rate5m${byProvider})`, legend: '{{provider_type}}/{{model_name}}' },
            ],
            alerts: [...latencyAlerts],
            min: 0,
          }),
          timeseries({
            title: 'Healthy instance share by provider',
            description: 'Share of each provider registered instances that pass their health checks.',
            unit: 'percentunit',
            queries: [{ expr: `min by (provider_type) (job_provider:instance_manager_instances_healthy:ratio${byProvider})`, legend: '{{provider_type}}' }],
            alerts: [{ alert: 'ISHChatTooManyUnhealthyInstances', severity: 'warning' }],
            below: true,
            min: 0,
            max: 1,
          }),
        ],
      },
      {
        title: 'Host and monitoring stack',
        panels: [
          timeseries({
            title: 'Host CPU busy',
            description: 'Share of CPU time not idle on each host node-exporter runs on.',
            unit: 'percentunit',
            queries: [{ expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval]))', legend: '{{instance}}' }],
            alerts: [{ alert: 'HostHighCpuUsage', severity: 'warning' }],
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseries({
            title: 'Host memory used',
            description: 'Share of memory not available to new processes.',
            unit: 'percentunit',
            queries: [{ expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', legend: '{{instance}}' }],
            alerts: [{ alert: 'HostHighMemoryUsage', severity: 'warning' }],
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseries({
            title: 'Blackbox probe duration',
            description: 'How long the blackbox exporter probes of the ISH Chat endpoints take, averaged over 5 minutes.',
            unit: 's',
            queries: [{ expr: 'avg_over_time(probe_duration_seconds{job=~"blackbox-.+"}[5m])', legend: '{{instance}}' }],
            alerts: [{ alert: 'BlackboxProbeSlow', severity: 'warning' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Scrape targets up',
            description: 'Targets each scrape job reaches (up = 1) out of those it has.',
            unit: 'short',
            queries: [
              { expr: 'sum by (job) (up)', legend: '{{job}} up' },
              { expr: 'count by (job) (up)', legend: '{{job}} targets' },
            ],
            min: 0,
            decimals: 0,
          }),
          timeseries({
            title: 'Blackbox probe success',
            description: 'Share of successful probes of each endpoint over 5 minutes.',
            unit: 'percentunit',
            queries: [{ expr: 'avg_over_time(probe_success{job=~"blackbox-.+"}[5m])', legend: '{{instance}}' }],
            min: 0,
            max: 1,
          }),
        ],
      },
    ],
  });
}
