import type { ContractMetrics } from './contract-metrics.js';
import { jitter, logNormal, pick, poisson, weighted } from './random.js';
import type { ScenarioEffects } from './scenarios.js';
import { dailyShape, features, peakRequestsPerSecond, providers, userTypes, type Instance, type Model, type Provider } from './world.js';

/** Mean tokens of a request, in and out: the basis of the day's spend before the simulator started. */
export const meanTokens = { input: 800, output: 300 };

/** What one simulated request did, for the day's totals and the SLO windows. */
export interface RequestOutcome {
  provider: string;
  model: string;
  failed: boolean;
  seconds: number;
  inputTokens: number;
  outputTokens: number;
  inputCost: number;
  outputCost: number;
}

/** Cost in dollars of a number of tokens at a price per 1000 tokens. */
export function costOf(tokens: number, pricePer1000: number): number {
  return (tokens / 1000) * pricePer1000;
}

/** The instances of a provider that take requests under the scenario. */
export function healthyInstances(provider: Provider, effects: ScenarioEffects): Instance[] {
  if (effects.noHealthyInstances === provider.type) return [];
  return provider.instances.filter((i) => i.id !== effects.openBreaker);
}

function statusOf(provider: Provider, effects: ScenarioEffects, instances: Instance[]): string {
  if (instances.length === 0) return 'error';
  if (effects.quotaExhausted === provider.type && Math.random() < 0.3) return 'rate_limited';
  const errorRatio = effects.failing?.provider === provider.type ? effects.failing.errorRatio : 0.004;
  const r = Math.random();
  if (r < errorRatio * 0.8) return 'error';
  if (r < errorRatio) return 'timeout';
  return 'success';
}

function durationOf(provider: Provider, effects: ScenarioEffects, status: string): number {
  if (status === 'timeout') return 60;
  const median = effects.slow?.provider === provider.type ? effects.slow.medianSeconds : provider.medianSeconds;
  return Math.min(120, logNormal(median, 0.45));
}

/** Simulates one request end to end: router, load balancer, instance, provider; records every metric it touches. */
function simulateRequest(m: ContractMetrics, provider: Provider, model: Model, effects: ScenarioEffects): RequestOutcome {
  const p = provider.type;
  const instances = healthyInstances(provider, effects);
  const user = weighted(userTypes, (u) => u.share).type;
  const feature = pick(features);
  const status = statusOf(provider, effects, instances);
  const failed = status !== 'success' && status !== 'rate_limited';
  const seconds = durationOf(provider, effects, status);
  const instance = instances.length > 0 ? pick(instances) : pick(provider.instances);
  const tokenFactor = effects.costSpike?.provider === p && effects.costSpike.model === model.name ? 10 : 1;
  const inputTokens = failed ? 0 : Math.round(jitter(meanTokens.input, 0.8) * tokenFactor);
  const outputTokens = failed ? 0 : Math.round(jitter(meanTokens.output, 0.8) * tokenFactor);

  m.counter('ish_chat_routing_decisions_total').inc({ strategy: 'ml_router', provider_type: p, decision_type: 'primary', status: instances.length > 0 ? 'success' : 'failed' });
  m.histogram('ish_chat_routing_decision_duration_seconds').observe({ strategy: 'ml_router', provider_type: p }, logNormal(0.008, 0.6));
  m.counter('ish_chat_ml_predictions_total').inc({ model_name: 'router-v2', prediction_type: 'provider', status: 'success' });
  m.counter('ish_chat_load_balancer_selections_total').inc({ strategy: 'least_loaded', provider_type: p, model_name: model.name, region: instance.region });
  m.counter('instance_manager_load_balancer_selections_total').inc({ strategy: 'least_loaded', provider_type: p, model_name: model.name });
  if (failed) {
    m.counter('instance_manager_load_balancer_failovers_total').inc({ provider_type: p, model_name: model.name, reason: instances.length > 0 ? status : 'no_healthy_instance' });
    m.counter('ish_chat_routing_decisions_total').inc({ strategy: 'ml_router', provider_type: p, decision_type: 'failover', status: 'success' });
  }

  m.counter('ish_chat_requests_total').inc({ provider_type: p, model_name: model.name, instance_id: instance.id, status, user_type: user, feature });
  m.histogram('ish_chat_request_duration_seconds').observe({ provider_type: p, model_name: model.name, instance_id: instance.id, user_type: user }, seconds);
  m.counter('instance_manager_requests_total').inc({ provider_type: p, model_name: model.name, instance_id: instance.id, status });
  m.histogram('instance_manager_request_duration_seconds').observe({ provider_type: p, model_name: model.name, instance_id: instance.id }, seconds);
  m.counter('ish_chat_user_requests_total').inc({ user_type: user, provider_type: p, feature });
  m.counter('ish_chat_feature_usage_total').inc({ feature_name: feature, provider_type: p, user_type: user });
  m.counter('ish_chat_model_requests_total').inc({ provider_type: p, model_name: model.name, user_type: user });
  m.histogram('ish_chat_model_response_time_seconds').observe({ provider_type: p, model_name: model.name }, seconds);
  m.counter('ish_chat_regional_user_requests_total').inc({ region: instance.region, provider_type: p, user_type: user });
  m.histogram('ish_chat_regional_response_time_seconds').observe({ region: instance.region, provider_type: p }, seconds);
  m.histogram('ish_chat_sli_latency_seconds').observe({ service: 'chat-api', endpoint: '/api/chat', percentile: 'all' }, seconds);
  m.counter('ish_chat_tokens_used_total').inc({ provider_type: p, model_name: model.name, direction: 'input' }, inputTokens);
  m.counter('ish_chat_tokens_used_total').inc({ provider_type: p, model_name: model.name, direction: 'output' }, outputTokens);
  m.counter('instance_manager_tokens_used_total').inc({ provider_type: p, model_name: model.name }, inputTokens + outputTokens);
  m.counter(Math.random() < 0.7 ? 'instance_manager_cache_hits_total' : 'instance_manager_cache_misses_total').inc({ cache_type: 'routing' });
  if (Math.random() < 0.05) {
    const unhappy = effects.unhappy === p;
    const sentiment = Math.random() < (unhappy ? 0.6 : 0.15) ? 'negative' : 'positive';
    m.counter('ish_chat_user_feedback_total').inc({ provider_type: p, sentiment, category: pick(['accuracy', 'speed', 'helpfulness']) });
  }
  if (Math.random() < 0.002) m.counter('ish_chat_content_moderation_alerts_total').inc({ alert_type: pick(['toxicity', 'pii', 'jailbreak']), provider_type: p, severity: 'low' });

  return {
    provider: p,
    model: model.name,
    failed,
    seconds,
    inputTokens,
    outputTokens,
    inputCost: costOf(inputTokens, model.inputPrice),
    outputCost: costOf(outputTokens, model.outputPrice),
  };
}

/** Requests per second of one provider and model at a time of day, in normal operation. */
export function modelRate(provider: Provider, at: Date): number {
  return (peakRequestsPerSecond * dailyShape(at) * provider.share) / provider.models.length;
}

/** Simulates the requests of `seconds` of traffic ending at `at`, and returns what each did. */
export function simulateTraffic(m: ContractMetrics, effects: ScenarioEffects, at: Date, seconds: number): RequestOutcome[] {
  const outcomes: RequestOutcome[] = [];
  for (const provider of providers) {
    for (const model of provider.models) {
      const count = poisson(modelRate(provider, at) * seconds);
      for (let i = 0; i < count; i += 1) outcomes.push(simulateRequest(m, provider, model, effects));
    }
  }
  return outcomes;
}
