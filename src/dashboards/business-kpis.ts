/** Business KPIs: spend against budget, quotas, usage, users, experience and unit economics. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardCatalog as d } from './dashboard-catalog.js';
import { buildDashboard } from './dashboard-frame.js';
import { stat, timeseries } from './panel-kit.js';
import { modelVariable, providerVariable } from './template-variables.js';

const p = '{provider_type=~"$provider"}';
const pm = '{provider_type=~"$provider", model_name=~"$model"}';

/** Builds the Business KPIs dashboard. */
export function businessKpis(): Dashboard {
  return buildDashboard({
    entry: d.businessKpis,
    description: 'What ISH Chat costs and earns, and how users use it and like it.',
    tags: ['business', 'cost'],
    variables: [providerVariable, modelVariable],
    related: [d.systemOverview, d.aiProviders, d.sloMonitoring],
    from: 'now-24h',
    rows: [
      {
        title: 'Spend',
        panels: [
          stat({
            title: 'Spend today',
            description: 'Dollars spent since midnight, all providers, against the daily budget of rules/settings.yml.',
            unit: 'currencyUSD',
            queries: [{ expr: 'sum(job:ish_chat_daily_cost_dollars:sum)', legend: 'spend' }],
            alerts: [
              { alert: 'ISHChatDailyBudgetWarning', severity: 'warning' },
              { alert: 'ISHChatDailyBudgetExceeded', severity: 'critical' },
            ],
            width: 6,
            height: 8,
          }),
          timeseries({
            title: 'Spend today by provider',
            description: 'Dollars spent since midnight per provider.',
            unit: 'currencyUSD',
            queries: [{ expr: `sum by (provider_type) (job_provider:ish_chat_daily_cost_dollars:sum${p})`, legend: '{{provider_type}}' }],
            stacked: true,
            width: 9,
          }),
          timeseries({
            title: 'Spend rate (dollars per hour)',
            description: 'Growth of the daily spend over the last hour, per provider: dollars per hour.',
            unit: 'currencyUSD',
            queries: [{ expr: `sum by (provider_type) (job_provider:ish_chat_cost_dollars:rate1h${p})`, legend: '{{provider_type}}' }],
            stacked: true,
            width: 9,
          }),
          timeseries({
            title: 'Cost per request',
            description: 'Mean cost of one request per provider and model, over 30 minutes.',
            unit: 'currencyUSD',
            queries: [{ expr: `job_provider_model:ish_chat_cost_per_request_dollars:avg30m${pm}`, legend: '{{provider_type}}/{{model_name}}' }],
            alerts: [{ alert: 'ISHChatCostPerRequestHigh', severity: 'warning' }],
            min: 0,
            decimals: 4,
            width: 8,
          }),
          timeseries({
            title: 'API quota used',
            description: 'Share of each provider API quota used, per quota type.',
            unit: 'percentunit',
            queries: [{ expr: `ish_chat_api_quota_used${p} / (ish_chat_api_quota_limit${p} > 0)`, legend: '{{provider_type}} {{quota_type}}' }],
            alerts: [
              { alert: 'ISHChatApiQuotaHigh', severity: 'warning' },
              { alert: 'ISHChatApiQuotaExhausted', severity: 'critical' },
            ],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Cost per user',
            description: 'Cost per user per provider and period, as the backend reports it.',
            unit: 'currencyUSD',
            queries: [{ expr: `ish_chat_cost_per_user${p}`, legend: '{{provider_type}} {{time_period}}' }],
            min: 0,
            width: 8,
          }),
        ],
      },
      {
        title: 'Usage',
        panels: [
          timeseries({
            title: 'User requests by user type',
            description: 'User requests per second by user type.',
            unit: 'reqps',
            queries: [{ expr: `sum by (user_type) (rate(ish_chat_user_requests_total${p}[$__rate_interval]))`, legend: '{{user_type}}' }],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'Feature usage',
            description: 'Uses per second of each feature.',
            unit: 'ops',
            queries: [{ expr: `sum by (feature_name) (rate(ish_chat_feature_usage_total${p}[$__rate_interval]))`, legend: '{{feature_name}}' }],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'Requests by region',
            description: 'User requests per second per region.',
            unit: 'reqps',
            queries: [{ expr: `sum by (region) (rate(ish_chat_regional_user_requests_total${p}[$__rate_interval]))`, legend: '{{region}}' }],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'New users (1 hour)',
            description: 'Users who signed up in the last hour, per acquisition channel.',
            unit: 'short',
            queries: [{ expr: 'sum by (acquisition_channel) (increase(ish_chat_new_users_total[1h]))', legend: '{{acquisition_channel}}' }],
            stacked: true,
            width: 8,
          }),
          timeseries({
            title: 'Session duration p50',
            description: 'Median user session duration per user type.',
            unit: 's',
            queries: [
              { expr: `histogram_quantile(0.5, sum by (user_type, le) (rate(ish_chat_user_session_duration_seconds_bucket${p}[$__rate_interval])))`, legend: '{{user_type}}' },
            ],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: '7-day retention and churn',
            description: 'Share of users retained, and share churned, over 7 days.',
            unit: 'percentunit',
            queries: [
              { expr: 'avg by (user_type) (ish_chat_user_retention_rate_7d)', legend: 'retention {{user_type}}' },
              { expr: 'sum by (user_type) (ish_chat_user_churn_rate_7d)', legend: 'churn {{user_type}}' },
            ],
            min: 0,
            width: 8,
          }),
        ],
      },
      {
        title: 'Experience',
        panels: [
          timeseries({
            title: 'User satisfaction',
            description: 'Mean user satisfaction score per provider, 0 to 1.',
            unit: 'percentunit',
            queries: [{ expr: `avg by (job, provider_type) (ish_chat_user_satisfaction_score${p})`, legend: '{{provider_type}}' }],
            alerts: [{ alert: 'ISHChatUserSatisfactionLow', severity: 'warning' }],
            below: true,
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseries({
            title: 'Response quality',
            description: 'Mean response quality score per provider and model, 0 to 1.',
            unit: 'percentunit',
            queries: [{ expr: `avg by (job, provider_type, model_name) (ish_chat_response_quality_score${pm})`, legend: '{{provider_type}}/{{model_name}}' }],
            alerts: [{ alert: 'ISHChatResponseQualityLow', severity: 'warning' }],
            below: true,
            min: 0,
            max: 1,
            width: 8,
          }),
          timeseries({
            title: 'Content moderation alerts (15 minutes)',
            description: 'Moderation alerts raised in the last 15 minutes, per alert type.',
            unit: 'short',
            queries: [{ expr: `sum by (job, alert_type) (increase(ish_chat_content_moderation_alerts_total${p}[15m]))`, legend: '{{alert_type}}' }],
            alerts: [{ alert: 'ISHChatContentModerationSpike', severity: 'warning' }],
            min: 0,
            width: 8,
          }),
          timeseries({
            title: 'Feedback (1 hour)',
            description: 'User feedback in the last hour, by sentiment.',
            unit: 'short',
            queries: [{ expr: `sum by (sentiment) (increase(ish_chat_user_feedback_total${p}[1h]))`, legend: '{{sentiment}}' }],
            stacked: true,
            width: 12,
          }),
          timeseries({
            title: 'Unit economics',
            description: 'Revenue per user, customer acquisition cost and lifetime value, as the backend reports them.',
            unit: 'currencyUSD',
            queries: [
              { expr: 'avg by (user_type) (ish_chat_revenue_per_user)', legend: 'revenue per user {{user_type}}' },
              { expr: 'avg by (acquisition_channel) (ish_chat_customer_acquisition_cost)', legend: 'acquisition cost {{acquisition_channel}}' },
              { expr: 'avg by (user_type) (ish_chat_customer_lifetime_value)', legend: 'lifetime value {{user_type}}' },
            ],
            min: 0,
            width: 12,
          }),
        ],
      },
    ],
  });
}
