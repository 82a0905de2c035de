import { initCounters, setCostGauges, setProductGauges, setSloGauges } from './business-gauges.js';
import { ContractMetrics } from './contract-metrics.js';
import { DayLedger } from './day-ledger.js';
import { setInstanceGauges } from './instance-gauges.js';
import { RecentWindow } from './recent-window.js';
import { costOf, simulateTraffic } from './request-traffic.js';
import { scenarios, type Scenario } from './scenarios.js';
import { providers } from './world.js';

/** Dollars the day's spend is pushed past by `cost-spike`: the shipped daily budget (rules/settings.yml) plus 10%. */
const spikeTarget = 550;

/** The simulated backend: its metrics, the running scenario, and one step of simulated time per tick. */
export class TrafficSimulator {
  /** The contract's metrics, per backend service. */
  readonly metrics: ContractMetrics;
  private current: Scenario = scenarios[0] as Scenario;
  private readonly ledger = new DayLedger();
  private readonly recent = new RecentWindow();
  private spiked = false;

  /** A simulator whose metrics sit on one registry (`merged`) or one per backend service. */
  constructor(merged: boolean, version: string) {
    this.metrics = new ContractMetrics(merged);
    this.metrics.gauge('instance_manager_build_info').set({ version, component: 'ish-monitor-simulator' }, 1);
    initCounters(this.metrics);
    this.metrics.gauge('instance_manager_configuration_info').set({ version, component: 'ish-monitor-simulator' }, 1);
  }

  /** The running scenario. */
  get scenario(): Scenario {
    return this.current;
  }

  /** Switches to another scenario from the next tick on. */
  switchTo(scenario: Scenario): void {
    this.current = scenario;
    this.spiked = false;
  }

  /** Simulates `seconds` of traffic ending at `at` and updates every gauge. */
  tick(at: Date, seconds: number): void {
    const effects = this.current.effects;
    this.ledger.roll(at);
    if (effects.costSpike && !this.spiked) {
      this.spiked = true;
      this.burn(effects.costSpike.provider, effects.costSpike.model, spikeTarget - this.ledger.providerSpend());
    }
    const outcomes = simulateTraffic(this.metrics, effects, at, seconds);
    for (const o of outcomes) this.ledger.add(o);
    this.recent.push(outcomes, seconds);
    setInstanceGauges(this.metrics, effects, this.recent, seconds);
    setCostGauges(this.metrics, effects, this.ledger, this.recent, at);
    setSloGauges(this.metrics, this.recent);
    setProductGauges(this.metrics, effects, this.recent, at, seconds);
  }

  /** A runaway batch job: output tokens worth `dollars` (at least $100) on one model, all at once. */
  private burn(provider: string, model: string, dollars: number): void {
    const price = providers.find((p) => p.type === provider)?.models.find((md) => md.name === model)?.outputPrice ?? 0;
    if (price <= 0) return;
    const outputTokens = Math.round((Math.max(100, dollars) / price) * 1000);
    this.ledger.add({ provider, model, failed: false, seconds: 0, inputTokens: 0, outputTokens, inputCost: 0, outputCost: costOf(outputTokens, price) });
    this.metrics.counter('ish_chat_tokens_used_total').inc({ provider_type: provider, model_name: model, direction: 'output' }, outputTokens);
    this.metrics.counter('instance_manager_tokens_used_total').inc({ provider_type: provider, model_name: model }, outputTokens);
  }
}
