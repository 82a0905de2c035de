import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerIds, docker, projectResources } from '../support/docker-cli.js';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const services = ['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter'];

interface StatusDoc {
  status: string;
  exitCode: number;
  services: { service: string; state: string; health: string; level: string; reason: string; probe?: { ok: boolean; latencyMs: number } }[];
}

interface DeployDoc {
  services: { service: string; action: string; reason: string }[];
  endpoints: { service: string; url: string }[];
  secrets: { path: string; service: string; generated: boolean }[];
}

async function getJson(url: string): Promise<{ status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } }> {
  const res = await fetch(url);
  expect(res.ok, `${url} answered ${res.status}`).toBe(true);
  return (await res.json()) as never;
}

describe('deploy, status, restart and stop on a real engine', () => {
  let stack: TestStack;
  const cli = (...args: string[]) => runCli([...stack.args, ...args]);
  const statusJson = async () => {
    const r = await cli('status', '--json');
    return { code: r.code, doc: JSON.parse(r.stdout) as StatusDoc, stderr: r.stderr };
  };
  const prom = () => `http://127.0.0.1:${stack.ports.prometheus}`;
  let firstIds: Record<string, string> = {};
  let sampleTime = 0;

  beforeAll(async () => {
    stack = await createTestStack('life');
  });
  afterAll(() => stack?.destroy());

  it('deploy --dry-run prints the plan and creates nothing', async () => {
    const r = await cli('deploy', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    for (const s of services) expect(r.stdout).toMatch(new RegExp(`${s}\\s+create\\s+not deployed`));
    expect(projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('deploy creates the stack and returns only when every service is ready', async () => {
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.map((s) => [s.service, s.action]).sort()).toEqual(services.map((s) => [s, 'create']).sort());
    // Real HTTP, right after deploy returned: no extra waiting.
    expect((await fetch(`${prom()}/-/ready`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${stack.ports.alertmanager}/-/ready`)).status).toBe(200);
    // AlertManager runs the configuration run.sh rendered: addresses filled from the environment.
    const am = (await (await fetch(`http://127.0.0.1:${stack.ports.alertmanager}/api/v2/status`)).json()) as { config: { original: string } };
    expect(am.config.original).toContain('oncall@localhost');
    expect(am.config.original).not.toContain('${ALERTMANAGER_');
    const grafana = (await (await fetch(`http://127.0.0.1:${stack.ports.grafana}/api/health`)).json()) as { database: string };
    expect(grafana.database).toBe('ok');
    expect(doc.endpoints).toContainEqual({ service: 'grafana', url: `http://127.0.0.1:${stack.ports.grafana}` });
    firstIds = containerIds(stack.project);
    expect(Object.keys(firstIds).sort()).toEqual([...services].sort());
  });

  it('generates the Grafana password into a 0600 file and never prints it', async () => {
    const secret = join(stack.dir, 'compose', 'secrets', 'grafana_admin_password');
    const st = statSync(secret);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(472);
    const password = readFileSync(secret, 'utf8');
    expect(password.length).toBeGreaterThanOrEqual(32);
    const status = await cli('status', '--json');
    const dry = await cli('deploy', '--dry-run', '--json');
    for (const out of [status.stdout, status.stderr, dry.stdout, dry.stderr]) expect(out).not.toContain(password);
    expect(docker('inspect', '--format', '{{json .Config.Env}}', firstIds.grafana!)).not.toContain(password);
  });

  it('status exits 0 with one valid JSON document when all is ready', async () => {
    const { code, doc } = await statusJson();
    expect(code).toBe(0);
    expect(doc.status).toBe('ok');
    expect(doc.exitCode).toBe(0);
    expect(doc.services.map((s) => [s.service, s.state, s.level])).toEqual(services.map((s) => [s, 'running', 'ok']));
    for (const s of doc.services) expect(s.probe?.ok, s.service).toBe(true);
    const human = await cli('status');
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toMatch(/^OK project ishe2e-life-\d+ \(exit 0\)$/);
    // Cron: nothing printed while all is well.
    expect(await cli('status', '--quiet')).toMatchObject({ code: 0, stdout: '' });
    const metrics = await cli('status', '--format', 'prometheus');
    expect(metrics.code).toBe(0);
    for (const s of services) expect(metrics.stdout).toContain(`ish_monitor_service_level{project="${stack.project}",service="${s}"`);
  });

  it('a second deploy changes nothing: same container IDs', async () => {
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.every((s) => s.action === 'keep')).toBe(true);
    expect(containerIds(stack.project)).toEqual(firstIds);
  });

  it('changing one service\'s environment recreates only that service', async () => {
    const file = stack.composeFile;
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('  node-exporter:\n', '  node-exporter:\n    environment:\n      E2E_CHANGED: "1"\n'));
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.filter((s) => s.action !== 'keep')).toEqual([{ service: 'node-exporter', action: 'recreate', reason: 'configuration changed', containerId: expect.any(String) }]);
    const ids = containerIds(stack.project);
    for (const s of services) {
      if (s === 'node-exporter') expect(ids[s]).not.toBe(firstIds[s]);
      else expect(ids[s], s).toBe(firstIds[s]);
    }
    firstIds = ids;
  });

  it('editing a mounted config file recreates only the service that reads it', async () => {
    appendFileSync(join(stack.dir, 'monitoring', 'prometheus', 'prometheus.yml'), '# edited by the e2e test\n');
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.filter((s) => s.action !== 'keep').map((s) => s.service)).toEqual(['prometheus']);
    const ids = containerIds(stack.project);
    expect(ids.prometheus).not.toBe(firstIds.prometheus);
    for (const s of services.filter((x) => x !== 'prometheus')) expect(ids[s], s).toBe(firstIds[s]);
    firstIds = ids;
  });

  it('a replacement that cannot start puts the old container back, running', async () => {
    const file = stack.composeFile;
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('  node-exporter:\n', '  node-exporter:\n    user: no-such-user\n'));
    try {
      const r = await cli('deploy');
      expect(r.code).toBe(71);
      expect(r.stderr.split('\n').find((l) => l.startsWith('error:'))).toMatch(/^error: Docker engine failed to start the container of service node-exporter: .*no-such-user/);
      expect(containerIds(stack.project)).toEqual(firstIds);
      expect(docker('inspect', '--format', '{{.Name}} {{.State.Running}}', firstIds['node-exporter']!)).toBe(`/${stack.project}-node-exporter-1 true`);
    } finally {
      writeFileSync(file, good);
    }
    expect((await cli('deploy')).code).toBe(0);
    expect(containerIds(stack.project)).toEqual(firstIds);
  });

  it('Prometheus scrapes (data to check persistence with later)', async () => {
    for (let i = 0; i < 60 && sampleTime === 0; i++) {
      const q = await getJson(`${prom()}/api/v1/query?query=${encodeURIComponent('up{job="prometheus"}')}`);
      if (q.data.result.length > 0) sampleTime = q.data.result[0]!.value[0];
      else await new Promise((r) => setTimeout(r, 1000));
    }
    expect(sampleTime).toBeGreaterThan(0);
  });

  it('Prometheus loads every rule group without evaluation errors and scrapes the whole stack', async () => {
    type Rule = { name: string; health: string; lastError?: string; lastEvaluation: string };
    type Rules = { data: { groups: { name: string; file: string; rules: Rule[] }[] } };
    type Targets = { data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] } };
    const stackJobs = ['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter'];
    let rules: Rules | undefined;
    let targets: Targets | undefined;
    // The first evaluation and scrape happen within one 15 s interval of start.
    for (let i = 0; i < 45; i++) {
      rules = (await (await fetch(`${prom()}/api/v1/rules`)).json()) as Rules;
      targets = (await (await fetch(`${prom()}/api/v1/targets`)).json()) as Targets;
      const evaluated = rules.data.groups.every((g) => g.rules.every((r) => !r.lastEvaluation.startsWith('0001')));
      // A target restarted by an earlier step may show its last failed scrape until the next one.
      const scraped = targets.data.activeTargets.filter((t) => stackJobs.includes(t.labels.job)).every((t) => t.health === 'up');
      if (evaluated && scraped) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const shippedFiles = readdirSync(join(stack.dir, 'monitoring', 'prometheus', 'rules')).filter((f) => f.endsWith('.yml'));
    expect(new Set(rules!.data.groups.map((g) => g.file.split('/').pop())).size).toBe(shippedFiles.length);
    const broken = rules!.data.groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`));
    expect(broken).toEqual([]);
    const own = targets!.data.activeTargets.filter((t) => stackJobs.includes(t.labels.job));
    expect(own.map((t) => t.labels.job).sort()).toEqual([...stackJobs].sort());
    expect(own.filter((t) => t.health !== 'up').map((t) => `${t.labels.job}: ${t.health} ${t.lastError}`)).toEqual([]);
  });

  it('a killed Prometheus makes status critical (exit 2), naming it', async () => {
    docker('kill', firstIds.prometheus!);
    const { code, doc } = await statusJson();
    expect(code).toBe(2);
    expect(doc.status).toBe('critical');
    const p = doc.services.find((s) => s.service === 'prometheus')!;
    expect(p.level).toBe('down');
    const human = await cli('status');
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/prometheus: /);
  });

  it('restart prometheus brings it back: exit 0, status 0', async () => {
    const r = await cli('restart', 'prometheus');
    expect(r.code, r.stderr).toBe(0);
    expect((await fetch(`${prom()}/-/ready`)).status).toBe(200);
    expect((await statusJson()).code).toBe(0);
  });

  it('stop stops everything, keeps containers and volumes; status says stopped', async () => {
    const r = await cli('stop');
    expect(r.code, r.stderr).toBe(0);
    const { code, doc } = await statusJson();
    expect(code).toBe(2);
    expect(doc.services.every((s) => s.state === 'exited' && s.level === 'down')).toBe(true);
    expect(containerIds(stack.project)).toEqual(firstIds);
    expect(projectResources(stack.project).volumes.sort()).toEqual(
      ['alertmanager_data', 'grafana_data', 'prometheus_data'].map((v) => `${stack.project}_${v}`),
    );
  });

  it('deploy after stop starts the same containers and the data is still there', async () => {
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.map((s) => s.action)).toEqual(services.map(() => 'start'));
    expect(containerIds(stack.project)).toEqual(firstIds);
    const q = await getJson(`${prom()}/api/v1/query?query=${encodeURIComponent('up{job="prometheus"}')}&time=${sampleTime}`);
    expect(q.data.result.length).toBe(1);
  });

  it('start after stop grafana starts only the stopped one, same container, and waits until it is ready', async () => {
    expect((await cli('stop', 'grafana')).code).toBe(0);
    expect((await statusJson()).code).toBe(2);
    const r = await cli('start', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { services: { service: string; action: string }[] };
    expect(Object.fromEntries(doc.services.map((s) => [s.service, s.action]))).toEqual(
      Object.fromEntries(services.map((s) => [s, s === 'grafana' ? 'started' : 'already running'])),
    );
    expect(containerIds(stack.project)).toEqual(firstIds);
    expect((await statusJson()).code).toBe(0);
    const unknown = await cli('start', 'grafna');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('unknown service "grafna"');
  });
});
