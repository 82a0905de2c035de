/** AI Provider Performance: traffic, errors, latency, queueing, health and routing per provider and model. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardCatalog as d } from './dashboard-catalog.js';
import { buildDashboard } from './dashboard-frame.js';
import { timeseries } from './panel-kit.js';
import { modelVariable, providerVariable, regionVariable } from './template-variables.js';

const pm = '{provider_type=~"$provider", model_name=~"$model"}';
const p = '{provider_type=~"$provider"}';

/** `histogram_quantile(q, ...)` of a contract histogram's rate, kept by `by` (plus le). */
function quantile(q: number, bucket: string, by: string): string {
  return `histogram_quantile(${q}, sum by (${by}, le) (rate(${bucket}[$__rate_interval])))`;
}

/** Builds the AI Provider Performance dashboard. */
export function aiProviderPerformance(): Dashboard {
  return buildDashboard({
    entry: d.aiProviders,
    description: 'Per provider and model: request rate, errors, latency percentiles, queueing, provider health and routing.',
    tags: ['providers', 'latency'],
    variables: [providerVariable, modelVariable, regionVariable],
    related: [d.systemOverview, d.instanceHealth, d.businessKpis, d.sloMonitoring],
    rows: [
      {
        title: 'Requests',
        panels: [
          timeseries({
            title: 'Request rate by model',
            description: 'Requests per second per provider and model, averaged over 5 minutes.',
            unit: 'reqps',
            queries: [{ expr: `sum by (provider_type, model_name) (job_provider_model:ish_chat_requests:rate5m${pm})`, legend: '{{provider_type}}/{{model_name}}' }],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'Error ratio by model',
            description: 'Share of each provider and model requests that failed over 5 minutes.',
            unit: 'percentunit',
            queries: [{ expr: `job_provider_model:ish_chat_request_errors:ratio_rate5m${pm}`, legend: '{{provider_type}}/{{model_name}} ({{job}})' }],
            alerts: [{ alert: 'ISHChatHighErrorRate', severity: 'warning' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Requests by status',
            description: 'Requests per second by the status the backend recorded.',
            unit: 'reqps',
            queries: [{ expr: `sum by (status) (rate(ish_chat_requests_total${pm}[$__rate_interval]))`, legend: '{{status}}' }],
            stacked: true,
            width: 8,
          }),
        ],
      },
      {
        title: 'Latency',
        panels: [
          timeseries({
            title: 'p95 request duration',
            description: '95th percentile request duration per provider and model, over 5 minutes: what the latency alerts read.',
            unit: 's',
            queries: [{ expr: `job_provider_model:ish_chat_request_duration_seconds:p95_rate5m${pm}`, legend: '{{provider_type}}/{{model_name}}' }],
            alerts: [
              { alert: 'ISHChatHighLatency', severity: 'warning' },
              { alert: 'ISHChatVeryHighLatency', severity: 'critical' },
            ],
            min: 0,
          }),
          timeseries({
            title: 'p50 and p99 request duration',
            description: 'Median and 99th percentile request duration per provider and model, over 5 minutes.',
            unit: 's',
            queries: [
              { expr: `job_provider_model:ish_chat_request_duration_seconds:p50_rate5m${pm}`, legend: 'p50 {{provider_type}}/{{model_name}}' },
              { expr: `job_provider_model:ish_chat_request_duration_seconds:p99_rate5m${pm}`, legend: 'p99 {{provider_type}}/{{model_name}}' },
            ],
            min: 0,
          }),
          timeseries({
            title: 'Model response time p95',
            description: '95th percentile of the model response time the backend measures, per provider and model.',
            unit: 's',
            queries: [{ expr: quantile(0.95, `ish_chat_model_response_time_seconds_bucket${pm}`, 'provider_type, model_name'), legend: '{{provider_type}}/{{model_name}}' }],
            min: 0,
          }),
          timeseries({
            title: 'Regional response time p95',
            description: '95th percentile response time per region and provider.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.95, 'ish_chat_regional_response_time_seconds_bucket{provider_type=~"$provider", region=~"$region"}', 'region, provider_type'),
                legend: '{{region}} {{provider_type}}',
              },
            ],
            min: 0,
          }),
        ],
      },
      {
        title: 'Queueing and tokens',
        panels: [
          timeseries({
            title: 'Request queue size',
            description: 'Requests waiting for an instance, per provider (all priority levels), as the backlog alert sums them.',
            unit: 'short',
            queries: [{ expr: `sum by (job, provider_type) (ish_chat_request_queue_size${p})`, legend: '{{provider_type}} ({{job}})' }],
            alerts: [{ alert: 'ISHChatQueueBacklog', severity: 'warning' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Queue wait p95',
            description: '95th percentile of the time requests spend queued, per provider, over 5 minutes.',
            unit: 's',
            queries: [{ expr: `job_provider:ish_chat_queue_wait_time_seconds:p95_rate5m${p}`, legend: '{{provider_type}} ({{job}})' }],
            alerts: [{ alert: 'ISHChatQueueWaitTimeHigh', severity: 'warning' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Tokens per second',
            description: 'Tokens consumed per second by provider, model and direction (input, output).',
            unit: 'cps',
            queries: [
              { expr: `sum by (provider_type, model_name, direction) (job_provider_model:ish_chat_tokens_used:rate5m${pm})`, legend: '{{provider_type}}/{{model_name}} {{direction}}' },
            ],
            stacked: true,
            width: 8,
          }),
        ],
      },
      {
        title: 'Provider health and routing',
        panels: [
          timeseries({
            title: 'Provider health score',
            description: 'Health score per provider and dimension, 0 (failing) to 1 (healthy).',
            unit: 'percentunit',
            queries: [{ expr: `ish_chat_provider_health_score${p}`, legend: '{{provider_type}} {{health_dimension}}' }],
            alerts: [{ alert: 'ISHChatProviderHealthScoreLow', severity: 'warning' }],
            below: true,
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseries({
            title: 'Traffic share by region',
            description: 'Share of traffic each provider takes, per region (percent).',
            unit: 'percent',
            queries: [{ expr: 'ish_chat_ai_provider_traffic_share{provider_type=~"$provider", region=~"$region"}', legend: '{{provider_type}} {{region}}' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Provider performance rank',
            description: 'The router ranking of each provider per ranking metric (1 is best).',
            unit: 'none',
            queries: [{ expr: `ish_chat_provider_performance_rank${p}`, legend: '{{provider_type}} {{ranking_metric}}' }],
            decimals: 0,
            width: 8,
          }),
          timeseries({
            title: 'Routing decisions',
            description: 'Routing decisions per second by strategy, decision type and outcome.',
            unit: 'ops',
            queries: [
              { expr: `sum by (strategy, decision_type, status) (rate(ish_chat_routing_decisions_total${p}[$__rate_interval]))`, legend: '{{strategy}} {{decision_type}} {{status}}' },
            ],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'Routing decision p95',
            description: '95th percentile time the router takes to decide, per strategy.',
            unit: 's',
            queries: [{ expr: quantile(0.95, `ish_chat_routing_decision_duration_seconds_bucket${p}`, 'strategy'), legend: '{{strategy}}' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Load balancer selections',
            description: 'Instance selections per second by strategy and provider.',
            unit: 'ops',
            queries: [
              {
                expr: 'sum by (strategy, provider_type) (rate(ish_chat_load_balancer_selections_total{provider_type=~"$provider", model_name=~"$model", region=~"$region"}[$__rate_interval]))',
                legend: '{{strategy}} {{provider_type}}',
              },
            ],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'Routing model predictions',
            description: 'Predictions per second of the router models, by outcome.',
            unit: 'ops',
            queries: [{ expr: 'sum by (model_name, status) (rate(ish_chat_ml_predictions_total[$__rate_interval]))', legend: '{{model_name}} {{status}}' }],
            width: 12,
          }),
          timeseries({
            title: 'Routing model accuracy',
            description: 'Accuracy metrics of the router models, 0 to 1.',
            unit: 'percentunit',
            queries: [{ expr: 'ish_chat_routing_model_accuracy', legend: '{{model_name}} {{metric_type}}' }],
            min: 0,
            max: 1,
            width: 12,
          }),
        ],
      },
    ],
  });
}
