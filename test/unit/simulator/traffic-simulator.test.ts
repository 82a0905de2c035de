import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../src/simulator/scenarios.js';
import { TrafficSimulator } from '../../../src/simulator/traffic-simulator.js';

type Sample = { labels: Record<string, string | number>; value: number };

async function samples(sim: TrafficSimulator, name: string): Promise<Sample[]> {
  const registry = sim.metrics.registries.get('instance-manager');
  const metric = (await registry?.getMetricsAsJSON())?.find((m) => m.name === name);
  return (metric?.values ?? []) as Sample[];
}

const sum = (xs: Sample[], where: (s: Sample) => boolean) => xs.filter(where).reduce((a, s) => a + s.value, 0);

describe('the simulated backend: numbers that add up', () => {
  it('spend: input + output = total per provider, and the providers\' totals = the models\' totals', async () => {
    const sim = new TrafficSimulator(true, 'test');
    sim.tick(new Date('2026-11-27T15:00:00Z'), 60);
    const daily = await samples(sim, 'ish_chat_daily_cost_dollars');
    for (const p of ['openai', 'anthropic', 'google', 'local']) {
      const of = (c: string) => sum(daily, (s) => s.labels.provider_type === p && s.labels.cost_category === c);
      expect(of('input_tokens') + of('output_tokens')).toBeCloseTo(of('total'), 6);
    }
    const models = await samples(sim, 'ish_chat_cost_estimate_dollars');
    expect(sum(models, (s) => s.labels.cost_type === 'total')).toBeCloseTo(sum(daily, (s) => s.labels.cost_category === 'total'), 6);
    // Mid-afternoon, the day so far has cost something, below the shipped $500 budget.
    expect(sum(daily, (s) => s.labels.cost_category === 'total')).toBeGreaterThan(50);
    expect(sum(daily, (s) => s.labels.cost_category === 'total')).toBeLessThan(400);
  });

  it('cost-spike pushes the day past the $500 budget, with the tokens that cost it', async () => {
    const sim = new TrafficSimulator(true, 'test');
    const at = new Date('2026-11-27T09:00:00Z');
    sim.tick(at, 1);
    const tokensBefore = sum(await samples(sim, 'ish_chat_tokens_used_total'), (s) => s.labels.model_name === 'claude-sonnet');
    sim.switchTo(findScenario('cost-spike')!);
    sim.tick(at, 1);
    expect(sum(await samples(sim, 'ish_chat_daily_cost_dollars'), (s) => s.labels.cost_category === 'total')).toBeGreaterThan(500);
    // $0.015 per 1000 output tokens: the burst alone is millions of tokens.
    expect(sum(await samples(sim, 'ish_chat_tokens_used_total'), (s) => s.labels.model_name === 'claude-sonnet') - tokensBefore).toBeGreaterThan(1_000_000);
  });

  it('requests follow the daily shape: more at the afternoon peak than at night', async () => {
    const count = async (iso: string) => {
      const sim = new TrafficSimulator(true, 'test');
      sim.tick(new Date(iso), 600);
      return sum(await samples(sim, 'ish_chat_requests_total'), () => true);
    };
    expect(await count('2026-11-27T15:00:00Z')).toBeGreaterThan(2 * (await count('2026-11-27T03:00:00Z')));
  });
});

describe('the simulated backend: counters that rate() can see', () => {
  const key = (s: Sample) => JSON.stringify(Object.entries(s.labels).sort());

  // A series that first appears at 1 hides that request from rate(). At night (the quietest traffic)
  // most request series are incremented once at most in five minutes, so the error ratio and the
  // ISHChatHighErrorRate alert would see no data unless every series exists, at 0, from the start.
  for (const name of ['ish_chat_requests_total', 'instance_manager_requests_total']) {
    it(`${name}: every series that traffic touches exists at 0 before the first request`, async () => {
      const sim = new TrafficSimulator(true, 'test');
      const before = new Map((await samples(sim, name)).map((s) => [key(s), s.value]));
      expect([...before.values()].every((v) => v === 0)).toBe(true);
      for (const scenario of ['normal', 'provider-outage', 'quota-exhausted', 'no-healthy-instances']) {
        sim.switchTo(findScenario(scenario)!);
        for (let i = 0; i < 10; i += 1) sim.tick(new Date('2026-11-27T03:00:00Z'), 360);
      }
      const after = await samples(sim, name);
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter((s) => !before.has(key(s))).map(key)).toEqual([]);
    });
  }
});
