/**
 * Alerts and dashboards proven end to end: the stack deployed with the simulator (compose profile
 * `simulator`) on the real engine by the built CLI. For each alert family the test switches the
 * simulator's scenario and waits until the alert is active in AlertManager with the right labels and
 * its notification has reached the right receivers of the routing tree (a webhook on the host).
 * TEST-ONLY speed-ups live in the stack's private copy (test/support/fast-alerting.ts).
 * Then every panel query of monitoring/grafana/dashboards/*.json must return data from Prometheus.
 */
import { readFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardFiles, panelQueries, panelsWithoutData } from '../support/dashboard-queries.js';
import { makeAlertingFast } from '../support/fast-alerting.js';
import { freePort } from '../support/free-port.js';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const repo = new URL('../..', import.meta.url).pathname;

interface Family {
  scenario: string;
  alert: string;
  labels: Record<string, string>;
  /** The receivers of the routing tree that must get it (critical: the pager, then the team). */
  receivers: string[];
}

const backend = 'ish-chat-instance-manager';
const families: Family[] = [
  { scenario: 'provider-outage', alert: 'ISHChatHighErrorRate', labels: { severity: 'warning', team: 'backend', service: backend, provider_type: 'anthropic' }, receivers: ['backend-team'] },
  { scenario: 'provider-outage', alert: 'ChatApiAvailabilityBudgetBurn', labels: { severity: 'critical', team: 'backend', service: backend, slo: 'chat-api-availability' }, receivers: ['oncall-pager', 'backend-team'] },
  { scenario: 'latency-regression', alert: 'ISHChatVeryHighLatency', labels: { severity: 'critical', team: 'backend', service: backend, provider_type: 'openai' }, receivers: ['oncall-pager', 'backend-team'] },
  { scenario: 'latency-regression', alert: 'ChatApiLatencyBudgetBurn', labels: { severity: 'critical', team: 'backend', service: backend, slo: 'chat-api-latency' }, receivers: ['oncall-pager', 'backend-team'] },
  { scenario: 'cost-spike', alert: 'ISHChatDailyBudgetExceeded', labels: { severity: 'critical', team: 'finance', service: backend }, receivers: ['oncall-pager', 'finance-team'] },
  { scenario: 'quota-exhausted', alert: 'ISHChatApiQuotaExhausted', labels: { severity: 'critical', team: 'finance', provider_type: 'openai', quota_type: 'requests_per_minute' }, receivers: ['oncall-pager', 'finance-team'] },
  { scenario: 'no-healthy-instances', alert: 'ISHChatNoHealthyInstances', labels: { severity: 'critical', team: 'backend', service: backend, provider_type: 'google' }, receivers: ['oncall-pager', 'backend-team'] },
  { scenario: 'circuit-breaker-open', alert: 'ISHChatCircuitBreakerOpen', labels: { severity: 'warning', team: 'backend', instance_id: 'openai-2', provider_type: 'openai' }, receivers: ['backend-team'] },
  { scenario: 'queue-backlog', alert: 'ISHChatQueueBacklog', labels: { severity: 'warning', team: 'backend', provider_type: 'local' }, receivers: ['backend-team'] },
  { scenario: 'satisfaction-drop', alert: 'ISHChatUserSatisfactionLow', labels: { severity: 'warning', team: 'product', provider_type: 'google' }, receivers: ['product-team'] },
  { scenario: 'intelligent-router-down', alert: 'ISHChatIntelligentRouterDown', labels: { severity: 'critical', team: 'backend', service: 'ish-chat-intelligent-router' }, receivers: ['oncall-pager', 'backend-team'] },
];

interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

/** Polls `probe` until it returns a value, or fails with what it last saw after `seconds`. */
async function eventually<T>(what: string, seconds: number, probe: () => Promise<T | undefined>, seen: () => string): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${seconds} s; last seen: ${seen()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('alerts and dashboards, end to end, with the simulator', () => {
  let stack: TestStack;
  let webhook: WebhookReceiver;
  let simulatorPort: number;
  const started = Date.now();
  const proven: string[] = [];

  const prometheus = () => `http://127.0.0.1:${stack.ports.prometheus}`;
  const switchScenario = async (name: string) => {
    const res = await fetch(`http://127.0.0.1:${simulatorPort}/-/scenario/${name}`, { method: 'PUT' });
    expect(res.status, `PUT /-/scenario/${name}`).toBe(200);
  };

  beforeAll(async () => {
    stack = await createTestStack('alerts');
    webhook = await startWebhookReceiver();
    makeAlertingFast(stack.dir, webhook.url);
    simulatorPort = await freePort();
    appendFileSync(join(stack.dir, 'compose', '.env'), `SIMULATOR_PORT=${simulatorPort}\n`);
    const deploy = await runCli([...stack.args, '--profile', 'simulator', 'deploy', '--wait-timeout', '180']);
    expect(deploy.code, deploy.stderr).toBe(0);
  });

  afterAll(async () => {
    stack?.destroy();
    await webhook?.close();
    process.stderr.write(`alerts e2e: families proven: ${proven.length}/${families.length} (${proven.join(', ')}); wall time ${Math.round((Date.now() - started) / 1000)} s\n`);
  });

  it('scrapes the simulator as the backend\'s three services, and the blackbox probes of their /health', async () => {
    const query = 'up{job=~"ish-chat-.*"} == 1 or probe_success{job="blackbox-http", service=~"ish-chat-.*"} == 1';
    const series = await eventually('every ish-chat target and probe up', 60, async () => {
      const body = (await (await fetch(`${prometheus()}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data: { result: { metric: Record<string, string> }[] } };
      return body.data.result.length === 6 ? body.data.result : undefined;
    }, () => 'fewer than 3 jobs + 3 probes up');
    expect(series.map((s) => s.metric.job).sort()).toEqual(['blackbox-http', 'blackbox-http', 'blackbox-http', 'ish-chat-instance-manager', 'ish-chat-intelligent-router', 'ish-chat-load-balancer']);
  });

  it('the panel check finds data, and names the dashboard and panel of a query without any', async () => {
    const queries = panelQueries(dashboardFiles(join(repo, 'test', 'fixtures', 'dashboards')));
    expect(queries.map((q) => q.panel)).toEqual(['Requests by provider', 'A metric nobody exports']);
    const empty = await eventually('the fixture\'s request panel with data', 60, async () => {
      const e = await panelsWithoutData(prometheus(), queries);
      return e.length === 1 ? e : undefined;
    }, () => 'both panels empty');
    expect(empty[0]).toMatch(/^Panel check fixture \/ A metric nobody exports \[A\]: no data: /);
  });

  const dashboards = dashboardFiles(join(repo, 'monitoring', 'grafana', 'dashboards'));
  it.skipIf(dashboards.length === 0)('every dashboard panel query returns data from the real Prometheus (scenario normal)', async () => {
    await switchScenario('normal');
    const queries = panelQueries(dashboards);
    expect(queries.length).toBeGreaterThan(0);
    // Rates over [5m] and the recording rules need a few evaluations of the fresh stack first.
    await new Promise((r) => setTimeout(r, 30_000));
    const empty = await panelsWithoutData(prometheus(), queries);
    process.stderr.write(`alerts e2e: panel queries checked: ${queries.length}, with data: ${queries.length - empty.length}\n`);
    expect(empty, 'panels without data').toEqual([]);
  });

  it.each(families.map((f) => [f.alert, f] as const))('%s reaches AlertManager and its receivers', async (_name, family) => {
    await switchScenario(family.scenario);
    const am = `http://127.0.0.1:${stack.ports.alertmanager}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${family.alert}"`)}`;
    let last: AmAlert[] = [];
    const alert = await eventually(`${family.alert} active in AlertManager`, 150, async () => {
      last = (await (await fetch(am)).json()) as AmAlert[];
      return last.find((a) => a.status.state === 'active' && Object.entries(family.labels).every(([k, v]) => a.labels[k] === v));
    }, () => JSON.stringify(last.map((a) => ({ ...a.labels, state: a.status.state }))));
    expect(alert.labels).toMatchObject({ alertname: family.alert, ...family.labels });
    for (const receiver of family.receivers) {
      await eventually(`${family.alert} notified to receiver ${receiver}`, 60, async () =>
        webhook.received.find((n) => n.path === `/${receiver}` && n.receiver === receiver && n.alerts.some((a) => a.status === 'firing' && a.labels.alertname === family.alert)),
      () => JSON.stringify(webhook.received.map((n) => `${n.receiver}:${n.alerts.map((a) => a.labels.alertname).join('+')}`)));
    }
    proven.push(family.alert);
  });

  it('leaves the shipped rules untouched (the speed-ups are in the private copy only)', () => {
    expect(readFileSync(join(repo, 'monitoring', 'prometheus', 'prometheus.yml'), 'utf8')).toContain('evaluation_interval: 15s');
    expect(readFileSync(join(stack.dir, 'monitoring', 'prometheus', 'prometheus.yml'), 'utf8')).toContain('evaluation_interval: 2s');
  });
});
