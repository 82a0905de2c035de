import type { ContractMetrics } from './contract-metrics.js';
import type { DayLedger } from './day-ledger.js';
import { jitter, logNormal, pick } from './random.js';
import type { RecentWindow } from './recent-window.js';
import type { ScenarioEffects } from './scenarios.js';
import { dailyShape, features, peakRequestsPerSecond, providers, regions, requestStatuses, userTypes } from './world.js';

/** Requests per minute each provider may send (its API quota). */
const requestsPerMinuteQuota = 120;
/** Tokens per day each provider may use. */
const tokensPerDayQuota = 100_000_000;
/** The availability and latency objectives the SLO gauges are computed against. */
const objectives = { availability: 0.995, latency: 0.99 };

/** Sets cost, quota and experience gauges from the day's ledger and the scenario. */
export function setCostGauges(m: ContractMetrics, effects: ScenarioEffects, ledger: DayLedger, recent: RecentWindow, at: Date): void {
  const activeUsers = Math.max(1, Math.round(peakRequestsPerSecond * dailyShape(at) * 400));
  for (const provider of providers) {
    const p = provider.type;
    for (const model of provider.models) {
      const d = ledger.of(p, model.name);
      // As the backend: "request" is the cost of a request (here the mean of the last minute's), "total" today's.
      const lastMinute = recent.costs(60, p, model.name);
      if (lastMinute.requests > 0) m.gauge('ish_chat_cost_estimate_dollars').set({ provider_type: p, model_name: model.name, cost_type: 'request' }, lastMinute.dollars / lastMinute.requests);
      m.gauge('ish_chat_cost_estimate_dollars').set({ provider_type: p, model_name: model.name, cost_type: 'total' }, d.inputCost + d.outputCost);
      m.gauge('instance_manager_cost_estimate_dollars').set({ provider_type: p, model_name: model.name }, d.inputCost + d.outputCost);
      const unhappy = effects.unhappy === p;
      for (const source of ['thumbs', 'survey']) {
        m.gauge('ish_chat_user_satisfaction_score').set({ provider_type: p, model_name: model.name, rating_source: source }, Math.min(1, jitter(unhappy ? 0.42 : 0.86, 0.04)));
      }
      for (const metric of ['relevance', 'accuracy', 'coherence']) {
        m.gauge('ish_chat_response_quality_score').set({ provider_type: p, model_name: model.name, quality_metric: metric }, Math.min(1, jitter(unhappy ? 0.48 : 0.88, 0.04)));
      }
    }
    const spend = ledger.providerSpend(p);
    const today = provider.models.map((md) => ledger.of(p, md.name));
    // As the backend: per category, and "total" (what the budget rules sum).
    m.gauge('ish_chat_daily_cost_dollars').set({ provider_type: p, cost_category: 'input_tokens' }, today.reduce((sum, d) => sum + d.inputCost, 0));
    m.gauge('ish_chat_daily_cost_dollars').set({ provider_type: p, cost_category: 'output_tokens' }, today.reduce((sum, d) => sum + d.outputCost, 0));
    m.gauge('ish_chat_daily_cost_dollars').set({ provider_type: p, cost_category: 'total' }, spend);
    m.gauge('ish_chat_cost_per_user').set({ provider_type: p, time_period: 'daily' }, spend / activeUsers);
    const rpm = (recent.counts(60, p).total * 60) / Math.max(1, recent.counts(60, p).seconds);
    const exhausted = effects.quotaExhausted === p;
    m.gauge('ish_chat_api_quota_used').set({ provider_type: p, quota_type: 'requests_per_minute' }, exhausted ? requestsPerMinuteQuota : Math.round(rpm));
    m.gauge('ish_chat_api_quota_limit').set({ provider_type: p, quota_type: 'requests_per_minute' }, requestsPerMinuteQuota);
    m.gauge('ish_chat_api_quota_used').set({ provider_type: p, quota_type: 'tokens_per_day' }, Math.round(ledger.providerTokens(p)));
    m.gauge('ish_chat_api_quota_limit').set({ provider_type: p, quota_type: 'tokens_per_day' }, tokensPerDayQuota);
  }
}

/** Sets the SLO and SLI gauges from the last hour of requests. */
export function setSloGauges(m: ContractMetrics, recent: RecentWindow): void {
  const hour = recent.counts(3600);
  const fiveMinutes = recent.counts(300);
  const good = { availability: hour.total > 0 ? 1 - hour.failed / hour.total : 1, latency: hour.total > 0 ? 1 - hour.slow / hour.total : 1 };
  for (const slo of ['availability', 'latency'] as const) {
    const budget = 1 - objectives[slo];
    // Longer windows: a good month so far, moved a little by the last hour.
    for (const [window, weight] of [['1h', 1], ['7d', 1 / 168], ['30d', 1 / 720]] as const) {
      const compliance = (1 - weight) * (objectives[slo] + budget * 0.6) + weight * good[slo];
      const consumed = Math.max(0, (1 - compliance) / budget);
      const labels = { slo_name: `chat-api-${slo}`, service: 'chat-api', time_window: window };
      m.gauge('ish_chat_slo_compliance').set(labels, compliance);
      m.gauge('ish_chat_slo_budget_consumed').set(labels, consumed);
      m.gauge('ish_chat_slo_error_budget_total').set(labels, budget);
      m.gauge('ish_chat_slo_error_budget_remaining').set(labels, Math.max(0, budget * (1 - consumed)));
    }
  }
  const errorRate = fiveMinutes.total > 0 ? fiveMinutes.failed / fiveMinutes.total : 0;
  m.gauge('ish_chat_sli_availability').set({ service: 'chat-api', endpoint: '/api/chat' }, 1 - errorRate);
  m.gauge('ish_chat_sli_error_rate').set({ service: 'chat-api', endpoint: '/api/chat', error_type: 'server_error' }, errorRate * 0.8);
  m.gauge('ish_chat_sli_error_rate').set({ service: 'chat-api', endpoint: '/api/chat', error_type: 'timeout' }, errorRate * 0.2);
}

/** Sets the product and capacity gauges and the slow business counters (users, sessions, providers' ranks). */
export function setProductGauges(m: ContractMetrics, effects: ScenarioEffects, recent: RecentWindow, at: Date, seconds: number): void {
  const shape = dailyShape(at);
  for (const { type: user } of userTypes) {
    if (Math.random() < shape * seconds * 0.05) m.counter('ish_chat_new_users_total').inc({ user_type: user, acquisition_channel: pick(['organic', 'referral', 'ads']) });
    if (Math.random() < shape * seconds * 0.2) m.histogram('ish_chat_user_session_duration_seconds').observe({ user_type: user, provider_type: pick(providers).type }, logNormal(700, 0.9));
    m.gauge('ish_chat_user_retention_rate_7d').set({ user_type: user, cohort: 'current_month' }, jitter(user === 'free' ? 0.42 : 0.81, 0.01));
    m.gauge('ish_chat_user_churn_rate_7d').set({ user_type: user, reason: 'inactive' }, jitter(user === 'free' ? 0.09 : 0.02, 0.05));
    m.gauge('ish_chat_revenue_per_user').set({ user_type: user, time_period: 'monthly' }, { free: 0, pro: 20, enterprise: 180 }[user] ?? 0);
    m.gauge('ish_chat_customer_lifetime_value').set({ user_type: user, cohort: 'current_month' }, { free: 0, pro: 240, enterprise: 4300 }[user] ?? 0);
  }
  for (const channel of ['organic', 'referral', 'ads']) {
    m.gauge('ish_chat_customer_acquisition_cost').set({ acquisition_channel: channel, time_period: 'monthly' }, { organic: 2, referral: 6, ads: 24 }[channel] ?? 0);
  }
  const ranked = [...providers].sort((a, b) => a.medianSeconds - b.medianSeconds);
  for (const provider of providers) {
    const p = provider.type;
    const last5m = recent.counts(300, p);
    const availability = last5m.total > 0 ? 1 - last5m.failed / last5m.total : 1;
    const latencyScore = effects.slow?.provider === p ? 0.2 : 1 - provider.medianSeconds / 10;
    m.gauge('ish_chat_provider_health_score').set({ provider_type: p, health_dimension: 'availability' }, availability);
    m.gauge('ish_chat_provider_health_score').set({ provider_type: p, health_dimension: 'latency' }, latencyScore);
    m.gauge('ish_chat_provider_health_score').set({ provider_type: p, health_dimension: 'quality' }, effects.unhappy === p ? 0.45 : 0.88);
    m.gauge('ish_chat_provider_performance_rank').set({ provider_type: p, ranking_metric: 'latency' }, ranked.indexOf(provider) + 1);
    for (const region of regions) m.gauge('ish_chat_ai_provider_traffic_share').set({ provider_type: p, region }, jitter(provider.share, 0.05));
  }
  for (const region of regions) {
    m.gauge('ish_chat_region_capacity_utilization').set({ region, capacity_type: 'compute' }, Math.min(1, jitter(0.2 + 0.6 * shape, 0.05)));
  }
  m.gauge('ish_chat_max_capacity').set({ capacity_type: 'requests_per_second' }, peakRequestsPerSecond * 4);
  m.gauge('ish_chat_max_capacity').set({ capacity_type: 'concurrent_sessions' }, 5000);
  for (const [storage, used, capacity] of [['database', 38e9, 100e9], ['object_store', 410e9, 1e12], ['cache', 1.2e9, 4e9]] as const) {
    m.gauge('ish_chat_storage_usage_bytes').set({ storage_type: storage }, jitter(used, 0.01));
    m.gauge('ish_chat_storage_capacity_bytes').set({ storage_type: storage }, capacity);
  }
  for (const metric of ['accuracy', 'precision']) m.gauge('ish_chat_routing_model_accuracy').set({ model_name: 'router-v2', metric_type: metric }, jitter(0.91, 0.01));
  if (Math.random() < seconds / 600) m.counter('instance_manager_scaling_events_total').inc({ provider_type: pick(providers).type, direction: shape > 0.5 ? 'up' : 'down', reason: 'load' });
}

/**
 * Starts every request counter series of a model at zero. A series born at 1 hides its first request
 * from rate(); with hundreds of label sets (instance, status, user type, feature) and the night's
 * traffic, most requests would be first ones, and the error ratio would read as no data.
 */
function initRequestCounters(m: ContractMetrics, provider: string, model: string, instances: string[]): void {
  for (const instance of instances) {
    for (const status of requestStatuses) {
      m.counter('instance_manager_requests_total').inc({ provider_type: provider, model_name: model, instance_id: instance, status }, 0);
      for (const { type } of userTypes) {
        for (const feature of features) m.counter('ish_chat_requests_total').inc({ provider_type: provider, model_name: model, instance_id: instance, status, user_type: type, feature }, 0);
      }
    }
  }
}

/** Starts the rare counters at zero, as a backend does, so rate() over them is 0 rather than no data. */
export function initCounters(m: ContractMetrics): void {
  for (const provider of providers) {
    for (const alertType of ['toxicity', 'pii', 'jailbreak']) m.counter('ish_chat_content_moderation_alerts_total').inc({ alert_type: alertType, provider_type: provider.type, severity: 'low' }, 0);
    for (const direction of ['up', 'down']) m.counter('instance_manager_scaling_events_total').inc({ provider_type: provider.type, direction, reason: 'load' }, 0);
    for (const sentiment of ['positive', 'negative']) m.counter('ish_chat_user_feedback_total').inc({ provider_type: provider.type, sentiment, category: 'helpfulness' }, 0);
    for (const model of provider.models) {
      m.counter('instance_manager_load_balancer_failovers_total').inc({ provider_type: provider.type, model_name: model.name, reason: 'error' }, 0);
      initRequestCounters(m, provider.type, model.name, provider.instances.map((i) => i.id));
    }
  }
  for (const { type } of userTypes) for (const channel of ['organic', 'referral', 'ads']) m.counter('ish_chat_new_users_total').inc({ user_type: type, acquisition_channel: channel }, 0);
}
