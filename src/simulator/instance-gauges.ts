import type { ContractMetrics } from './contract-metrics.js';
import { jitter, logNormal } from './random.js';
import type { RecentWindow } from './recent-window.js';
import { healthyInstances } from './request-traffic.js';
import type { ScenarioEffects } from './scenarios.js';
import { providers, regions } from './world.js';

/** Sets the instance manager's view of the instances: health, load, breakers, scaling, queues. */
export function setInstanceGauges(m: ContractMetrics, effects: ScenarioEffects, recent: RecentWindow, seconds: number): void {
  for (const provider of providers) {
    const p = provider.type;
    const healthy = new Set(healthyInstances(provider, effects).map((i) => i.id));
    if (effects.openBreaker !== undefined) healthy.add(effects.openBreaker); // healthy, but the breaker keeps requests away
    const noneHealthy = effects.noHealthyInstances === p;
    const last5m = recent.counts(300, p);
    const perSecond = last5m.seconds > 0 ? last5m.total / last5m.seconds : 0;
    const successRate = last5m.total > 0 ? 1 - last5m.failed / last5m.total : 1;

    m.gauge('instance_manager_instances_total').set({ provider_type: p, status: 'healthy' }, noneHealthy ? 0 : provider.instances.length);
    m.gauge('instance_manager_instances_total').set({ provider_type: p, status: 'unhealthy' }, noneHealthy ? provider.instances.length : 0);
    // As the backend does: status="total" is the sum over the other statuses (rules/ish-chat-recording.yml).
    m.gauge('instance_manager_instances_total').set({ provider_type: p, status: 'total' }, provider.instances.length);
    m.gauge('instance_manager_instances_healthy').set({ provider_type: p }, noneHealthy ? 0 : provider.instances.length);
    m.gauge('instance_manager_instances_desired').set({ provider_type: p }, provider.instances.length);
    m.gauge('instance_manager_instances_current').set({ provider_type: p }, provider.instances.length);
    for (const region of regions) {
      const inRegion = provider.instances.filter((i) => i.region === region);
      const up = noneHealthy ? 0 : inRegion.length;
      m.gauge('ish_chat_instances_total').set({ provider_type: p, status: 'healthy', region }, up);
      m.gauge('ish_chat_instances_total').set({ provider_type: p, status: 'unhealthy', region }, inRegion.length - up);
      m.gauge('ish_chat_instances_healthy').set({ provider_type: p, region }, up);
    }
    for (const instance of provider.instances) {
      const serving = healthy.has(instance.id) && instance.id !== effects.openBreaker;
      const labels = { instance_id: instance.id, provider_type: p };
      m.gauge('instance_manager_circuit_breaker_state').set({ instance_id: instance.id }, instance.id === effects.openBreaker ? 1 : 0);
      m.gauge('instance_manager_instance_load').set(labels, serving ? Math.min(1, jitter(0.2 + perSecond / 2, 0.1)) : 0);
      m.gauge('instance_manager_instance_success_rate').set(labels, serving ? successRate : 0);
      m.gauge('instance_manager_instance_response_time_seconds').set(labels, logNormal(effects.slow?.provider === p ? effects.slow.medianSeconds : provider.medianSeconds, 0.2));
      m.gauge('instance_manager_health_score').set(labels, healthy.has(instance.id) ? jitter(0.9, 0.05) * successRate : 0.1);
      // The manager checks each instance about every 10 s.
      if (Math.random() < seconds / 10) {
        const status = healthy.has(instance.id) ? 'success' : 'failure';
        m.counter('instance_manager_health_checks_total').inc({ instance_id: instance.id, check_type: 'http', status });
        m.histogram('instance_manager_health_check_duration_seconds').observe({ instance_id: instance.id, check_type: 'http' }, status === 'success' ? logNormal(0.08, 0.5) : 5);
      }
    }

    const backlog = effects.queueBacklog === p;
    for (const [level, share] of [['high', 0.2], ['normal', 0.5], ['low', 0.3]] as const) {
      m.gauge('ish_chat_request_queue_size').set({ provider_type: p, priority_level: level }, Math.round(backlog ? jitter(180 * share, 0.1) : jitter(4 * share, 0.5)));
      if (Math.random() < Math.min(1, perSecond * seconds * share)) {
        m.histogram('ish_chat_queue_wait_time_seconds').observe({ provider_type: p, priority_level: level }, backlog ? logNormal(90, 0.3) : logNormal(0.8, 0.6));
      }
    }
  }
  m.gauge('instance_manager_database_connections_active').set(Math.round(jitter(12, 0.3)));
}
