/**
 * The `exporters` profile on a real engine, with the locally built images of the real Debian programs:
 * pushgateway and the PostgreSQL, Redis and nginx exporters. None of their targets exists here; the
 * exporters must still start, be ready, report the target down (pg_up 0, redis_up 0, nginx_up 0) and be
 * scraped `up` by Prometheus.
 *
 * Two departures from the shipped profile, both forced by this machine:
 * - cadvisor is removed from the test's private copy of the compose file: it has no Debian build, so no
 *   image exists here (no registry either). Its service definition is checked by test/config instead.
 * - Debian's nginx exporter (0.11) exits at start when nginx does not answer (upstream >= 1.0, the shipped
 *   image, starts anyway). The test serves a stub_status page (a fixture, not nginx) until the exporter has
 *   started, then takes it away and checks the exporter stays ready and reports nginx_up 0.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { docker } from '../support/docker-cli.js';
import { freePorts } from '../support/free-port.js';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const core = ['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter'];
const exporters = ['pushgateway', 'postgres-exporter', 'redis-exporter', 'nginx-exporter'] as const;
type Exporter = (typeof exporters)[number];
const portVariable: Record<Exporter, string> = {
  pushgateway: 'PUSHGATEWAY_PORT',
  'postgres-exporter': 'POSTGRES_EXPORTER_PORT',
  'redis-exporter': 'REDIS_EXPORTER_PORT',
  'nginx-exporter': 'NGINX_EXPORTER_PORT',
};

interface StatusRow {
  service: string;
  core: boolean;
  state: string;
  level: string;
  probe?: { ok: boolean; url: string };
}

/** A stub_status page in nginx's format, on the Docker bridge's gateway address (reachable from containers). */
function startStubStatus(host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/stub_status') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Active connections: 1 \nserver accepts handled requests\n 3 3 5 \nReading: 0 Writing: 1 Waiting: 0 \n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

async function text(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return res.text();
}

describe('profile exporters on a real engine', () => {
  let stack: TestStack;
  let fixture: Server | undefined;
  const ports = {} as Record<Exporter, number>;
  const cli = (...args: string[]) => runCli([...stack.args, ...args]);
  const url = (name: Exporter, path: string) => `http://127.0.0.1:${ports[name]}${path}`;
  const prom = () => `http://127.0.0.1:${stack.ports.prometheus}`;

  beforeAll(async () => {
    stack = await createTestStack('prof');
    const gateway = docker('network', 'inspect', 'bridge', '--format', '{{(index .IPAM.Config 0).Gateway}}');
    fixture = await startStubStatus(gateway);
    Object.assign(ports, await freePorts(exporters));
    const envFile = join(stack.dir, 'compose', '.env');
    const extra = [
      ...exporters.map((name) => `${portVariable[name]}=${ports[name]}`),
      `NGINX_EXPORTER_SCRAPE_URI=http://${gateway}:${(fixture.address() as AddressInfo).port}/stub_status`,
    ];
    writeFileSync(envFile, `${readFileSync(envFile, 'utf8')}${extra.join('\n')}\n`);
    const doc = parseDocument(readFileSync(stack.composeFile, 'utf8'));
    expect(doc.deleteIn(['services', 'cadvisor'])).toBe(true);
    writeFileSync(stack.composeFile, doc.toString());
  });
  afterAll(async () => {
    stack?.destroy();
    await new Promise((resolve) => (fixture?.listening ? fixture.close(resolve) : resolve(undefined)));
  });

  it('deploy --profile exporters creates the stack and the exporters, and returns when all are ready', async () => {
    const r = await cli('--profile', 'exporters', 'deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { services: { service: string; action: string }[]; endpoints: { service: string; url: string }[] };
    expect(doc.services.map((s) => [s.service, s.action]).sort()).toEqual([...core, ...exporters].map((s) => [s, 'create']).sort());
    for (const name of exporters) expect(doc.endpoints).toContainEqual({ service: name, url: `http://127.0.0.1:${ports[name]}` });
    // Ready means the probe answered: right after deploy, with no extra waiting.
    expect((await fetch(url('pushgateway', '/-/ready'))).status).toBe(200);
    expect((await fetch(url('postgres-exporter', '/'))).status).toBe(200);
    expect(await text(url('redis-exporter', '/health'))).toBe('ok');
    expect((await fetch(url('nginx-exporter', '/'))).status).toBe(200);
  });

  it('creates the exporters\' credential files empty, 0600, owned by each exporter\'s user', () => {
    for (const [file, uid] of [['postgres_exporter_password', 65534], ['redis_exporter_password', 59000]] as const) {
      const st = statSync(join(stack.dir, 'compose', 'secrets', file));
      expect(st.mode & 0o777, file).toBe(0o600);
      expect(st.uid, file).toBe(uid);
      expect(st.size, file).toBe(0);
    }
  });

  it('the exporters report their absent targets as down, and serve', async () => {
    expect(await text(url('postgres-exporter', '/metrics'))).toMatch(/^pg_up 0$/m);
    expect(await text(url('redis-exporter', '/metrics'))).toMatch(/^redis_up 0$/m);
    expect(await text(url('nginx-exporter', '/metrics'))).toMatch(/^nginx_up 1$/m);
  });

  it('Prometheus scrapes every exporter up, and keeps the labels batch jobs push', async () => {
    const push = await fetch(url('pushgateway', '/metrics/job/ish-e2e-batch/instance/nightly'), {
      method: 'PUT',
      body: '# TYPE ish_e2e_batch_last_success_timestamp_seconds gauge\nish_e2e_batch_last_success_timestamp_seconds 1700000000\n',
    });
    expect(push.status).toBe(200);
    type Targets = { data: { activeTargets: { labels: { job: string; instance: string }; health: string; lastError: string }[] } };
    let own: Targets['data']['activeTargets'] = [];
    for (let i = 0; i < 75; i++) {
      const targets = (await (await fetch(`${prom()}/api/v1/targets`)).json()) as Targets;
      own = targets.data.activeTargets.filter((t) => (exporters as readonly string[]).includes(t.labels.job));
      if (own.length === exporters.length && own.every((t) => t.health === 'up')) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(own.map((t) => `${t.labels.job} ${t.labels.instance} ${t.health} ${t.lastError}`).sort()).toEqual(
      exporters.map((name) => `${name} ${name}:${name === 'pushgateway' ? 9091 : name === 'postgres-exporter' ? 9187 : name === 'redis-exporter' ? 9121 : 9113} up `).sort(),
    );
    // The pushed group appears with the next scrape of the pushgateway (every 15 s).
    const query = encodeURIComponent('ish_e2e_batch_last_success_timestamp_seconds');
    let pushed: string[][] = [];
    for (let i = 0; i < 40 && pushed.length === 0; i++) {
      const q = (await (await fetch(`${prom()}/api/v1/query?query=${query}`)).json()) as { data: { result: { metric: Record<string, string> }[] } };
      pushed = q.data.result.map((r) => [r.metric.job!, r.metric.instance!]);
      if (pushed.length === 0) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(pushed).toEqual([['ish-e2e-batch', 'nightly']]);
  });

  it('status --json lists the exporters ready (and not core); without --profile too', async () => {
    for (const args of [['--profile', 'exporters'], []]) {
      const r = await cli(...args, 'status', '--json');
      const doc = JSON.parse(r.stdout) as { status: string; services: StatusRow[] };
      expect(r.code, `${args.join(' ')}: ${r.stdout}`).toBe(0);
      expect(doc.status).toBe('ok');
      expect(doc.services.map((s) => s.service)).toEqual([...core, ...exporters]);
      for (const name of exporters) {
        const row = doc.services.find((s) => s.service === name)!;
        expect([row.state, row.level, row.core, row.probe?.ok], name).toEqual(['running', 'ok', false, true]);
      }
    }
  });

  it('nginx-exporter stays ready when nginx goes away, and reports nginx_up 0', async () => {
    await new Promise((resolve) => fixture!.close(resolve));
    expect(await text(url('nginx-exporter', '/metrics'))).toMatch(/^nginx_up 0$/m);
    const r = await cli('--profile', 'exporters', 'status', '--json');
    expect(r.code, r.stdout).toBe(0);
    const row = (JSON.parse(r.stdout) as { services: StatusRow[] }).services.find((s) => s.service === 'nginx-exporter')!;
    expect([row.state, row.level]).toEqual(['running', 'ok']);
  });
});
