/** Instance Health: the instance manager's fleet per provider, region and instance, health checks, failover, scaling. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardCatalog as d } from './dashboard-catalog.js';
import { buildDashboard } from './dashboard-frame.js';
import { stat, timeseries, valueTexts } from './panel-kit.js';
import { instanceVariable, providerVariable, regionVariable } from './template-variables.js';

const p = '{provider_type=~"$provider"}';
const pi = '{provider_type=~"$provider", instance_id=~"$instance_id"}';

/** Builds the Instance Health dashboard. */
export function instanceHealth(): Dashboard {
  return buildDashboard({
    entry: d.instanceHealth,
    description: 'The AI provider instances the instance manager runs: health, load, circuit breakers, health checks, failover and scaling.',
    tags: ['instances', 'health'],
    variables: [providerVariable, regionVariable, instanceVariable],
    related: [d.systemOverview, d.aiProviders, d.sloMonitoring],
    rows: [
      {
        title: 'Fleet',
        panels: [
          stat({
            title: 'Healthy instances',
            description: 'Instances passing their health checks, per provider; none healthy means the provider fails over or fails.',
            unit: 'short',
            queries: [{ expr: `sum by (provider_type) (instance_manager_instances_healthy${p})`, legend: '{{provider_type}}' }],
            mappings: valueTexts({ 0: { text: 'NONE', color: 'red' } }),
            decimals: 0,
            width: 8,
          }),
          stat({
            title: 'Healthy share',
            description: 'Share of each provider registered instances that are healthy.',
            unit: 'percentunit',
            queries: [{ expr: `min by (provider_type) (job_provider:instance_manager_instances_healthy:ratio${p})`, legend: '{{provider_type}}' }],
            alerts: [{ alert: 'ISHChatTooManyUnhealthyInstances', severity: 'warning' }],
            below: true,
            width: 8,
          }),
          stat({
            title: 'Open circuit breakers',
            description: 'Instances whose circuit breaker is open (no request reaches them).',
            unit: 'short',
            queries: [{ expr: `count(instance_manager_circuit_breaker_state{instance_id=~"$instance_id"} == 1) or vector(0)`, legend: 'open' }],
            decimals: 0,
            width: 8,
          }),
          timeseries({
            title: 'Instances by status',
            description: 'Registered instances per provider and status.',
            unit: 'short',
            queries: [{ expr: `sum by (provider_type, status) (instance_manager_instances_total{provider_type=~"$provider", status!="total"})`, legend: '{{provider_type}} {{status}}' }],
            stacked: true,
            decimals: 0,
            width: 8,
          }),
          timeseries({
            title: 'Desired and running instances',
            description: 'What the autoscaler wants against what runs, per provider.',
            unit: 'short',
            queries: [
              { expr: `sum by (provider_type) (instance_manager_instances_desired${p})`, legend: '{{provider_type}} desired' },
              { expr: `sum by (provider_type) (instance_manager_instances_current${p})`, legend: '{{provider_type}} running' },
            ],
            decimals: 0,
            width: 8,
          }),
          timeseries({
            title: 'Healthy instances by region',
            description: 'Healthy against all instances per region.',
            unit: 'short',
            queries: [
              { expr: 'sum by (region) (ish_chat_instances_healthy{provider_type=~"$provider", region=~"$region"})', legend: '{{region}} healthy' },
              { expr: 'sum by (region) (ish_chat_instances_total{provider_type=~"$provider", region=~"$region", status!="total"})', legend: '{{region}} all' },
            ],
            decimals: 0,
            width: 8,
          }),
        ],
      },
      {
        title: 'Instances',
        panels: [
          timeseries({
            title: 'Instance load',
            description: 'Current load of each instance.',
            unit: 'short',
            queries: [{ expr: `instance_manager_instance_load${pi}`, legend: '{{instance_id}}' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Instance success rate',
            description: 'Share of each instance requests that succeed.',
            unit: 'percentunit',
            queries: [{ expr: `instance_manager_instance_success_rate${pi}`, legend: '{{instance_id}}' }],
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseries({
            title: 'Instance response time',
            description: 'Response time of each instance as the instance manager measures it.',
            unit: 's',
            queries: [{ expr: `instance_manager_instance_response_time_seconds${pi}`, legend: '{{instance_id}}' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Instance health score',
            description: 'Health score of each instance, 0 to 1.',
            unit: 'percentunit',
            queries: [{ expr: `instance_manager_health_score${pi}`, legend: '{{instance_id}}' }],
            min: 0,
            max: 1,
          }),
          timeseries({
            title: 'Circuit breaker state',
            description: 'Circuit breaker of each instance: 0 closed, 1 open, 2 half-open.',
            unit: 'none',
            queries: [{ expr: 'instance_manager_circuit_breaker_state{instance_id=~"$instance_id"}', legend: '{{instance_id}}' }],
            mappings: valueTexts({ 0: { text: 'closed', color: 'green' }, 1: { text: 'open', color: 'red' }, 2: { text: 'half-open', color: 'orange' } }),
            decimals: 0,
            min: 0,
            max: 2,
          }),
        ],
      },
      {
        title: 'Health checks, failover and scaling',
        panels: [
          timeseries({
            title: 'Health checks',
            description: 'Health checks per second by check type and result.',
            unit: 'ops',
            queries: [{ expr: 'sum by (check_type, status) (rate(instance_manager_health_checks_total{instance_id=~"$instance_id"}[$__rate_interval]))', legend: '{{check_type}} {{status}}' }],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'Health check duration p95',
            description: '95th percentile health check duration per check type.',
            unit: 's',
            queries: [
              {
                expr: 'histogram_quantile(0.95, sum by (check_type, le) (rate(instance_manager_health_check_duration_seconds_bucket{instance_id=~"$instance_id"}[$__rate_interval])))',
                legend: '{{check_type}}',
              },
            ],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Failovers (5 minutes)',
            description: 'Requests the load balancer failed over to another instance in the last 5 minutes, per provider.',
            unit: 'short',
            queries: [{ expr: `sum by (job, provider_type) (increase(instance_manager_load_balancer_failovers_total${p}[5m]))`, legend: '{{provider_type}} ({{job}})' }],
            alerts: [{ alert: 'ISHChatFailoverStorm', severity: 'warning' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Scaling events (1 hour)',
            description: 'Scale-ups and scale-downs in the last hour, per provider.',
            unit: 'short',
            queries: [{ expr: `sum by (provider_type, direction) (increase(instance_manager_scaling_events_total${p}[1h]))`, legend: '{{provider_type}} {{direction}}' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Cache hit ratio',
            description: 'Share of cache lookups that hit, per cache.',
            unit: 'percentunit',
            queries: [
              {
                expr: 'sum by (cache_type) (rate(instance_manager_cache_hits_total[$__rate_interval])) / (sum by (cache_type) (rate(instance_manager_cache_hits_total[$__rate_interval])) + sum by (cache_type) (rate(instance_manager_cache_misses_total[$__rate_interval])))',
                legend: '{{cache_type}}',
              },
            ],
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseries({
            title: 'Database connections',
            description: 'Active database connections of the instance manager.',
            unit: 'short',
            queries: [{ expr: 'instance_manager_database_connections_active', legend: '{{job}} {{instance}}' }],
            min: 0,
            decimals: 0,
            width: 8,
          }),
        ],
      },
    ],
  });
}
