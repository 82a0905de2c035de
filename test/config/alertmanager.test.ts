/**
 * alertmanager.yml and its templates, checked with the real amtool (validity, routing of every
 * severity/team combination, template rendering) and a real AlertManager on loopback (inhibition, which
 * amtool cannot test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../support/free-port.js';
import { alertmanagerDir, readYaml } from './config-files.js';
import { renderAlertmanagerDir } from './render-alertmanager.js';
import { firstAvailableTool, runTool } from './run-tool.js';

interface Route {
  receiver?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: Route[];
}
interface AlertmanagerConfig {
  global: Record<string, unknown>;
  route: Route;
  receivers: Array<{ name: string } & Record<string, unknown>>;
  inhibit_rules: unknown[];
}

// What AlertManager runs: the shipped file with its ${ALERTMANAGER_*} placeholders filled by run.sh.
const renderedDir = await renderAlertmanagerDir();
const configFile = path.join(renderedDir, 'alertmanager.yml');
const config = readYaml<AlertmanagerConfig>(configFile);

/** Every route of the tree below the root. */
function childRoutes(route: Route): Route[] {
  return (route.routes ?? []).flatMap((child) => [child, ...childRoutes(child)]);
}

/** Where each severity/team combination goes: receivers in tree order, as amtool prints them. */
const routingTable: Array<[labels: Record<string, string>, receivers: string]> = [
  [{ severity: 'critical', team: 'platform' }, 'oncall-pager,platform-team'],
  [{ severity: 'critical', team: 'backend' }, 'oncall-pager,backend-team'],
  [{ severity: 'critical', team: 'finance' }, 'oncall-pager,finance-team'],
  [{ severity: 'critical', team: 'product' }, 'oncall-pager,product-team'],
  [{ severity: 'critical', team: 'unknown' }, 'oncall-pager'],
  [{ severity: 'warning', team: 'platform' }, 'platform-team'],
  [{ severity: 'warning', team: 'backend' }, 'backend-team'],
  [{ severity: 'warning', team: 'finance' }, 'finance-team'],
  [{ severity: 'warning', team: 'product' }, 'product-team'],
  [{ severity: 'warning', team: 'unknown' }, 'default'],
  [{ severity: 'info', team: 'platform' }, 'info-digest'],
  [{ severity: 'info', team: 'backend' }, 'info-digest'],
  [{ severity: 'info', team: 'finance' }, 'finance-team'],
  [{ severity: 'info', team: 'product' }, 'product-team'],
  [{ severity: 'info', team: 'unknown' }, 'info-digest'],
  [{ team: 'backend' }, 'backend-team'],
  [{}, 'default'],
];

describe('amtool', () => {
  it('check-config: alertmanager.yml and its template are valid', async () => {
    const result = await runTool('amtool', ['check-config', 'alertmanager.yml'], renderedDir);
    expect(result.stdout).toContain("Checking 'alertmanager.yml'  SUCCESS");
    expect(result.stdout).toContain(` - ${config.receivers.length} receivers`);
    expect(result.stdout).toContain(' - 1 templates');
    expect(result.code).toBe(0);
  });

  for (const [labels, receivers] of routingTable) {
    const args = Object.entries({ alertname: 'RoutingTest', ...labels }).map(([key, value]) => `${key}=${value}`);
    it(`config routes test: ${JSON.stringify(labels)} -> ${receivers}`, async () => {
      const result = await runTool('amtool', ['config', 'routes', 'test', '--config.file=alertmanager.yml', ...args], renderedDir);
      expect(result.stdout.trim()).toBe(receivers);
      expect(result.code).toBe(0);
    });
  }
});

describe('routing tree', () => {
  it('reaches every receiver through the table above, and defines every receiver a route names', () => {
    const defined = config.receivers.map((receiver) => receiver.name).sort();
    const reached = [...new Set(routingTable.flatMap(([, receivers]) => receivers.split(',')))].sort();
    expect(reached).toEqual(defined);
    const named = [config.route, ...childRoutes(config.route)].map((route) => route.receiver).filter((name) => name !== undefined);
    expect(named.filter((name) => !defined.includes(name))).toEqual([]);
  });

  it('gives every route its own receiver, so reaching each receiver proves each route reachable', () => {
    const receivers = childRoutes(config.route).map((route) => route.receiver);
    expect(new Set(receivers).size).toBe(receivers.length);
    expect(receivers).not.toContain(config.route.receiver);
  });

  it('keeps secrets out of the file: only *_file settings under /run/secrets', () => {
    const text = JSON.stringify(config);
    expect(text).not.toMatch(/"(smtp_auth_password|auth_password|api_url|slack_api_url|auth_secret|smtp_auth_secret)"/);
    expect(config.global.smtp_auth_password_file).toBe('/run/secrets/alertmanager_smtp_password');
    expect(config.global.slack_api_url_file).toBe('/run/secrets/alertmanager_slack_webhook_url');
  });
});

describe('notification templates (amtool template render)', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ish-am-templates-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** Renders `text` with one alert of `severity` and `status`. */
  async function render(text: string, severity: string, status: 'firing' | 'resolved', type = 'text'): Promise<string> {
    const labels = { alertname: 'ISHChatVeryHighLatency', severity, team: 'backend', service: 'ish-chat-intelligent-router' };
    const data = {
      receiver: 'oncall-pager',
      status,
      alerts: [
        {
          status,
          labels,
          annotations: {
            summary: 'Very slow responses from openai/<gpt-4o>',
            description: 'The 95th percentile has been 58.5s for 5 minutes (threshold 30s).',
            runbook_url: 'https://runbooks.ish-chat.internal/alerts/ISHChatVeryHighLatency',
          },
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: '0123456789abcdef',
        },
      ],
      groupLabels: { alertname: labels.alertname, service: labels.service },
      commonLabels: labels,
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
    };
    const dataFile = path.join(tmp, `${severity}-${status}-${type}.json`);
    writeFileSync(dataFile, JSON.stringify(data));
    const result = await runTool(
      'amtool',
      ['template', 'render', '--template.glob=templates/*.tmpl', `--template.data=${dataFile}`, `--template.type=${type}`, `--template.text=${text}`],
      alertmanagerDir,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  }

  it('titles a group with its status, count and grouping labels', async () => {
    expect((await render('{{ template "ish.title" . }}', 'critical', 'firing')).trim()).toBe(
      '[FIRING:1] ISHChatVeryHighLatency ish-chat-intelligent-router',
    );
  });

  it('colours Slack messages by severity, green when resolved', async () => {
    const colour = async (severity: string, status: 'firing' | 'resolved') => (await render('{{ template "ish.slack.color" . }}', severity, status)).trim();
    expect(await colour('critical', 'firing')).toBe('danger');
    expect(await colour('warning', 'firing')).toBe('warning');
    expect(await colour('info', 'firing')).toBe('#439FE0');
    expect(await colour('critical', 'resolved')).toBe('good');
  });

  it('puts summary, description and runbook link in the text and the HTML email, escaped in HTML', async () => {
    const text = await render('{{ template "ish.text" . }}', 'warning', 'firing');
    expect(text).toContain('WARNING: Very slow responses from openai/<gpt-4o>');
    expect(text).toContain('The 95th percentile has been 58.5s for 5 minutes (threshold 30s).');
    expect(text).toContain('Runbook: https://runbooks.ish-chat.internal/alerts/ISHChatVeryHighLatency');
    const html = await render('{{ template "ish.email.html" . }}', 'critical', 'firing', 'html');
    expect(html).toContain('CRITICAL: Very slow responses from openai/&lt;gpt-4o&gt;');
    expect(html).toContain('The 95th percentile has been 58.5s for 5 minutes (threshold 30s).');
    expect(html).toContain('<a href="https://runbooks.ish-chat.internal/alerts/ISHChatVeryHighLatency">Runbook</a>');
    expect(html).toContain('#d00000');
  });
});

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

describe('inhibition (a real AlertManager on loopback)', () => {
  let process_: ChildProcess | undefined;
  let base = '';
  let storage = '';
  let log = '';

  beforeAll(async () => {
    const binary = await firstAvailableTool(['prometheus-alertmanager', 'alertmanager'], alertmanagerDir);
    const port = await freePort();
    storage = mkdtempSync(path.join(os.tmpdir(), 'ish-am-'));
    base = `http://127.0.0.1:${port}`;
    process_ = spawn(
      binary,
      [`--config.file=${configFile}`, `--storage.path=${storage}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    process_.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    process_.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || process_.exitCode !== null) throw new Error(`AlertManager did not become ready:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 30_000);

  afterAll(async () => {
    if (process_ && process_.exitCode === null) {
      const exited = new Promise((resolve) => process_?.once('exit', resolve));
      process_.kill('SIGTERM');
      await exited;
    }
    if (storage) rmSync(storage, { recursive: true, force: true });
  });

  /** Whether each of `alerts` (each with a unique `case` label) is inhibited now. */
  async function inhibitedNow(alerts: Array<Record<string, string>>): Promise<Record<string, boolean>> {
    const listed = (await (await fetch(`${base}/api/v2/alerts`)).json()) as ApiAlert[];
    const result: Record<string, boolean> = {};
    for (const labels of alerts) {
      const alert = listed.find((candidate) => candidate.labels.case === labels.case);
      result[labels.case ?? ''] = (alert?.status.inhibitedBy.length ?? 0) > 0;
    }
    return result;
  }

  /**
   * Posts `alerts` and expects each inhibited or not as `expected` says. AlertManager's inhibitor reads
   * new alerts asynchronously, so a list right after the post may not show their effect yet (it failed
   * a loaded CI run): the list is read again until it matches, and once more a moment later, so that
   * nothing inhibited late passes.
   */
  async function expectInhibition(alerts: Array<Record<string, string>>, expected: Record<string, boolean>): Promise<void> {
    const response = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels }))),
    });
    expect(response.ok).toBe(true);
    await vi.waitFor(async () => expect(await inhibitedNow(alerts)).toEqual(expected), { timeout: 10_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await inhibitedNow(alerts)).toEqual(expected);
  }

  it('critical silences the warning about the same thing, not about another', async () => {
    const disk = { alertname: 'HostDiskSpaceLow', team: 'platform', service: 'host', instance: 'node-exporter:9100' };
    const slo = { alertname: 'ChatApiAvailabilityBudgetBurn', team: 'backend', service: 'ish-chat-intelligent-router', slo: 'chat-api-availability' };
    await expectInhibition(
      [
        { case: 'disk-critical', ...disk, mountpoint: '/', severity: 'critical' },
        { case: 'disk-warning-same', ...disk, mountpoint: '/', severity: 'warning' },
        { case: 'disk-warning-other', ...disk, mountpoint: '/data', severity: 'warning' },
        { case: 'slo-page', ...slo, severity: 'critical' },
        { case: 'slo-ticket', ...slo, severity: 'warning' },
      ],
      { 'disk-critical': false, 'disk-warning-same': true, 'disk-warning-other': false, 'slo-page': false, 'slo-ticket': true },
    );
  });

  it("a service that is down silences its own symptoms, not another service's", async () => {
    const lb = { team: 'backend', service: 'ish-chat-load-balancer' };
    await expectInhibition(
      [
        { case: 'lb-down', alertname: 'ISHChatLoadBalancerDown', severity: 'critical', ...lb, job: 'ish-chat-load-balancer' },
        { case: 'lb-errors', alertname: 'ISHChatHighErrorRate', severity: 'warning', ...lb, provider_type: 'openai', model_name: 'gpt-4o' },
        { case: 'lb-latency', alertname: 'ISHChatVeryHighLatency', severity: 'critical', ...lb, provider_type: 'openai', model_name: 'gpt-4o' },
        { case: 'lb-probe', alertname: 'BlackboxProbeFailed', severity: 'critical', ...lb, instance: 'http://ish-chat-load-balancer:8003/health' },
        { case: 'lb-target', alertname: 'PrometheusTargetMissing', severity: 'warning', team: 'platform', service: 'ish-chat-load-balancer', instance: 'lb-2:8003' },
        { case: 'router-errors', alertname: 'ISHChatHighErrorRate', severity: 'warning', team: 'backend', service: 'ish-chat-intelligent-router', provider_type: 'openai', model_name: 'gpt-4o' },
      ],
      { 'lb-down': false, 'lb-errors': true, 'lb-latency': true, 'lb-probe': true, 'lb-target': true, 'router-errors': false },
    );
  });

  it('blackbox-exporter down silences the failed scrapes of the probe jobs', async () => {
    await expectInhibition(
      [
        { case: 'bb-down', alertname: 'BlackboxExporterDown', severity: 'warning', team: 'platform', service: 'blackbox-exporter', job: 'blackbox-exporter' },
        { case: 'bb-probe-scrape', alertname: 'PrometheusTargetMissing', severity: 'warning', team: 'platform', service: 'blackbox-http', job: 'blackbox-http', instance: 'http://x/health' },
        { case: 'other-scrape', alertname: 'PrometheusTargetMissing', severity: 'warning', team: 'platform', service: 'grafana', job: 'grafana', instance: 'grafana:3000' },
      ],
      { 'bb-down': false, 'bb-probe-scrape': true, 'other-scrape': false },
    );
  });

  it("no healthy instance of a provider silences that provider's per-instance alerts", async () => {
    const im = { team: 'backend', service: 'ish-chat-instance-manager', job: 'ish-chat-instance-manager' };
    await expectInhibition(
      [
        { case: 'none-healthy', alertname: 'ISHChatNoHealthyInstances', severity: 'critical', ...im, provider_type: 'openai' },
        { case: 'breaker-openai', alertname: 'ISHChatCircuitBreakerOpen', severity: 'warning', ...im, provider_type: 'openai', instance_id: 'openai-1' },
        { case: 'unhealthy-openai', alertname: 'ISHChatTooManyUnhealthyInstances', severity: 'warning', ...im, provider_type: 'openai' },
        { case: 'breaker-anthropic', alertname: 'ISHChatCircuitBreakerOpen', severity: 'warning', ...im, provider_type: 'anthropic', instance_id: 'anthropic-1' },
      ],
      { 'none-healthy': false, 'breaker-openai': true, 'unhealthy-openai': true, 'breaker-anthropic': false },
    );
  });

  it('the stronger of two graded alerts silences the weaker', async () => {
    const router = { team: 'backend', service: 'ish-chat-intelligent-router' };
    const money = { team: 'finance', service: 'ish-chat-intelligent-router' };
    await expectInhibition(
      [
        { case: 'latency-very-high', alertname: 'ISHChatVeryHighLatency', severity: 'critical', ...router, provider_type: 'anthropic', model_name: 'claude' },
        { case: 'latency-high', alertname: 'ISHChatHighLatency', severity: 'warning', ...router, provider_type: 'anthropic', model_name: 'claude' },
        { case: 'latency-high-other-model', alertname: 'ISHChatHighLatency', severity: 'warning', ...router, provider_type: 'anthropic', model_name: 'haiku' },
        { case: 'budget-exceeded', alertname: 'ISHChatDailyBudgetExceeded', severity: 'critical', ...money },
        { case: 'budget-warning', alertname: 'ISHChatDailyBudgetWarning', severity: 'warning', ...money },
        { case: 'quota-exhausted', alertname: 'ISHChatApiQuotaExhausted', severity: 'critical', ...money, instance: 'r:8002', provider_type: 'anthropic', quota_type: 'rpm' },
        { case: 'quota-high', alertname: 'ISHChatApiQuotaHigh', severity: 'warning', ...money, instance: 'r:8002', provider_type: 'anthropic', quota_type: 'rpm' },
        { case: 'quota-high-other', alertname: 'ISHChatApiQuotaHigh', severity: 'warning', ...money, instance: 'r:8002', provider_type: 'anthropic', quota_type: 'tpd' },
      ],
      {
      'latency-very-high': false,
      'latency-high': true,
      'latency-high-other-model': false,
      'budget-exceeded': false,
      'budget-warning': true,
      'quota-exhausted': false,
      'quota-high': true,
      'quota-high-other': false,
    },
    );
  });
});
