import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/simulator-server.js';
import { contractPath } from '../../config/config-files.js';

interface ContractEntry {
  name: string;
  type: string;
  labels: string[];
  buckets?: number[];
}

const contract = JSON.parse(readFileSync(contractPath, 'utf8')) as { metrics: ContractEntry[] };

/** Python's client writes bucket bounds as floats: 10 -> "10.0", 0.001 -> "0.001". */
function pythonFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

interface Family {
  type?: string;
  samples: { name: string; labels: Record<string, string> }[];
}

/** Parses the text exposition format into families by the name of their TYPE line. */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      current = { type: type[2], samples: [] };
      families.set(type[1] as string, current);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? \S+$/.exec(line);
    if (!sample || !current) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const m of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1] as string] = m[2] as string;
    current.samples.push({ name: sample[1] as string, labels });
  }
  return families;
}

async function scrape(url: string): Promise<{ status: number; families: Map<string, Family> }> {
  const res = await fetch(`${url}/metrics`);
  return { status: res.status, families: parseExposition(await res.text()) };
}

describe('simulate: the metric contract over real HTTP', () => {
  let sim: RunningSimulator;
  let families: Map<string, Family>;

  beforeAll(async () => {
    // One tick of ten simulated minutes, so that every metric has samples to compare label names on.
    sim = await startSimulator({ host: '127.0.0.1', port: 0, scenario: 'normal', standIn: false, version: 'test', tickSeconds: 600 });
    const r = await scrape(sim.urls[0]?.url as string);
    expect(r.status).toBe(200);
    families = r.families;
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each(contract.metrics.map((m) => [m.name, m] as const))('%s: type, label names and buckets as in the contract', (_name, metric) => {
    const family = families.get(metric.name);
    expect(family, `${metric.name} is not exposed`).toBeDefined();
    const f = family as Family;
    // Python's Info shows in the text format as a gauge of 1 whose labels are its data.
    expect(f.type).toBe(metric.type === 'info' ? 'gauge' : metric.type);
    expect(f.samples.length, `${metric.name} has no samples`).toBeGreaterThan(0);
    if (metric.type === 'info') {
      expect(new Set(f.samples.map((s) => s.name))).toEqual(new Set([metric.name]));
      return;
    }
    for (const s of f.samples) {
      const names = Object.keys(s.labels).filter((l) => !(metric.type === 'histogram' && l === 'le' && s.name.endsWith('_bucket')));
      expect(names.sort(), `${s.name} label names`).toEqual([...metric.labels].sort());
    }
    if (metric.type === 'histogram') {
      const les = [...new Set(f.samples.filter((s) => s.name === `${metric.name}_bucket`).map((s) => s.labels.le))];
      expect(les).toEqual([...(metric.buckets ?? []).map(pythonFloat), '+Inf']);
      expect(new Set(f.samples.map((s) => s.name))).toEqual(new Set(['_bucket', '_sum', '_count'].map((x) => metric.name + x)));
    }
  });

  it('exposes nothing beyond the contract', () => {
    expect([...families.keys()].filter((n) => !contract.metrics.some((m) => m.name === n))).toEqual([]);
  });

  it('answers /health like the backend, and switches scenario at run time', async () => {
    const url = sim.urls[0]?.url as string;
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('healthy');
    const bad = await fetch(`${url}/-/scenario/no-such-thing`, { method: 'PUT' });
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as { error: string }).error).toContain('no-such-thing');
    const ok = await fetch(`${url}/-/scenario/satisfaction-drop`, { method: 'PUT' });
    expect(ok.status).toBe(200);
    const now = (await (await fetch(`${url}/-/scenario`)).json()) as { scenario: string; scenarios: { name: string }[] };
    expect(now.scenario).toBe('satisfaction-drop');
    expect(now.scenarios.map((s) => s.name)).toContain('provider-outage');
  });
});

describe('simulate --stand-in: three backend services, one of them down on demand', () => {
  it('splits the metrics by service and takes the router down in intelligent-router-down', async () => {
    const sim = await startSimulator({ host: '127.0.0.1', port: 0, scenario: 'intelligent-router-down', standIn: true, version: 'test', tickSeconds: 60 });
    try {
      const [manager, router, balancer] = sim.urls.map((u) => u.url) as [string, string, string];
      expect(sim.urls.map((u) => u.role)).toEqual(['instance-manager', 'intelligent-router', 'load-balancer']);
      const m = await scrape(manager);
      expect(m.families.has('instance_manager_instances_healthy')).toBe(true);
      expect(m.families.has('ish_chat_routing_decisions_total')).toBe(false);
      expect((await scrape(balancer)).families.has('ish_chat_load_balancer_selections_total')).toBe(true);
      expect((await fetch(`${router}/metrics`)).status).toBe(503);
      expect((await fetch(`${router}/health`)).status).toBe(503);
      await fetch(`${router}/-/scenario/normal`, { method: 'PUT' });
      const r = await scrape(router);
      expect(r.status).toBe(200);
      expect(r.families.get('ish_chat_routing_decisions_total')?.samples.length).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});
