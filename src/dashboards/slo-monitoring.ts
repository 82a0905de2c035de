/** SLO Monitoring: the chat API's availability and latency SLOs of rules/slo.yml, their burn rates, and the backend's own SLO gauges. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardCatalog as d } from './dashboard-catalog.js';
import { buildDashboard } from './dashboard-frame.js';
import { stat, timeseries, type PanelSpec } from './panel-kit.js';
import { serviceVariable } from './template-variables.js';

/** The SLOs of rules/slo.yml, with the alert that pages and tickets on each. */
const slos = [
  { slo: 'chat-api-availability', name: 'Availability', alert: 'ChatApiAvailabilityBudgetBurn', good: 'requests that did not fail' },
  { slo: 'chat-api-latency', name: 'Latency', alert: 'ChatApiLatencyBudgetBurn', good: 'requests faster than 10 s' },
] as const;

type Slo = (typeof slos)[number];

/** The SLI over `window` (a recorded window of slo.yml) as a share of good events, per service. */
function sliPanel(slo: Slo, window: string): PanelSpec {
  return {
    title: `${slo.name} SLI (${window})`,
    description: `Share of ${slo.name.toLowerCase()} good events (${slo.good}) over ${window}, per service, against the objective.`,
    unit: 'percentunit',
    queries: [{ expr: `1 - slo:sli_error:ratio_rate${window}{slo="${slo.slo}", job=~"$service"}`, legend: '{{job}}' }],
    objective: { record: 'slo:objective:ratio', labels: { slo: slo.slo } },
    decimals: 3,
    width: 6,
  };
}

/** Burn rates of `slo` over the alert's long windows: 1 spends the 30-day budget in exactly 30 days. */
function burnRatePanel(slo: Slo): PanelSpec {
  const budget = `scalar(slo:error_budget:ratio{slo="${slo.slo}"})`;
  return {
    title: `${slo.name} error budget burn rate`,
    description: `How many times faster than allowed the ${slo.name.toLowerCase()} error budget burns (1 uses it up in the 30-day period), per window: page at 14.4 (1h) or 6 (6h), ticket at 3 (1d) or 1 (3d).`,
    unit: 'short',
    queries: ['1h', '6h', '1d', '3d'].map((window) => ({
      expr: `slo:sli_error:ratio_rate${window}{slo="${slo.slo}", job=~"$service"} / ${budget}`,
      legend: `${window} {{job}}`,
    })),
    alerts: [
      { alert: slo.alert, severity: 'warning' },
      { alert: slo.alert, severity: 'critical' },
    ],
    min: 0,
  };
}

/** Builds the SLO Monitoring dashboard. */
export function sloMonitoring(): Dashboard {
  return buildDashboard({
    entry: d.sloMonitoring,
    description: 'Service level objectives of the chat API (rules/slo.yml): SLIs against objectives, multi-window burn rates, and the SLO gauges the backend reports.',
    tags: ['slo'],
    variables: [serviceVariable],
    related: [d.systemOverview, d.aiProviders, d.instanceHealth, d.businessKpis],
    from: 'now-24h',
    rows: [
      {
        title: 'Objectives',
        panels: slos.flatMap((slo) => [stat(sliPanel(slo, '1h')), stat(sliPanel(slo, '1d'))]),
      },
      {
        title: 'Burn rates',
        panels: [
          ...slos.map((slo) => timeseries(burnRatePanel(slo))),
          timeseries({
            title: 'SLI error ratio (5 minutes)',
            description: 'Share of bad events over 5 minutes, per SLO and service.',
            unit: 'percentunit',
            queries: [{ expr: 'slo:sli_error:ratio_rate5m{job=~"$service"}', legend: '{{slo}} {{job}}' }],
            min: 0,
            width: 24,
          }),
        ],
      },
      {
        title: 'Reported by the backend',
        panels: [
          timeseries({
            title: 'SLO compliance',
            description: 'The backend own SLO compliance, per SLO, service and window (percent).',
            unit: 'percent',
            queries: [{ expr: 'ish_chat_slo_compliance', legend: '{{slo_name}} {{service}} {{time_window}}' }],
            width: 8,
          }),
          timeseries({
            title: 'Error budget consumed',
            description: 'Share of the error budget the backend counts as consumed (percent).',
            unit: 'percent',
            queries: [{ expr: 'ish_chat_slo_budget_consumed', legend: '{{slo_name}} {{service}} {{time_window}}' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Error budget remaining',
            description: 'Error budget the backend counts as remaining, against its total.',
            unit: 'short',
            queries: [
              { expr: 'ish_chat_slo_error_budget_remaining', legend: 'remaining {{slo_name}} {{service}} {{time_window}}' },
              { expr: 'ish_chat_slo_error_budget_total', legend: 'total {{slo_name}} {{service}} {{time_window}}' },
            ],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'SLI availability by endpoint',
            description: 'Availability of each endpoint as the backend measures it (percent).',
            unit: 'percent',
            queries: [{ expr: 'ish_chat_sli_availability', legend: '{{service}} {{endpoint}}' }],
            width: 8,
          }),
          timeseries({
            title: 'SLI error rate by endpoint',
            description: 'Error rate of each endpoint by error type (percent).',
            unit: 'percent',
            queries: [{ expr: 'ish_chat_sli_error_rate', legend: '{{service}} {{endpoint}} {{error_type}}' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'SLI latency p95 by endpoint',
            description: '95th percentile of the latency SLI per service and endpoint.',
            unit: 's',
            queries: [
              { expr: 'histogram_quantile(0.95, sum by (service, endpoint, le) (rate(ish_chat_sli_latency_seconds_bucket[$__rate_interval])))', legend: '{{service}} {{endpoint}}' },
            ],
            min: 0,
            width: 8,
          }),
        ],
      },
    ],
  });
}
