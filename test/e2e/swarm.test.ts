/**
 * The stack on a single-node Docker Swarm, deployed by the built CLI (`deploy --swarm`) through the
 * engine's swarm API. The setup runs `docker swarm init --advertise-addr 127.0.0.1` only when the
 * engine is in no swarm, and leaves it (removing the gateway bridge the init made) only then: the
 * engine is left as found. Everything the test creates carries its own project name, and is removed
 * by that name (`docker stack rm` finds services, configs, secrets and the network by the stack label).
 * TEST-ONLY speed-ups live in the stack's private copy (test/support/fast-alerting.ts).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promtoolCheckMetrics } from '../config/run-tool.js';
import { docker } from '../support/docker-cli.js';
import { makeAlertingFast } from '../support/fast-alerting.js';
import { runCli } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/** What deploy --swarm and status --swarm print with --json (the parts the test reads). */
interface DeployDoc {
  services: { name: string; service: string; action: string }[];
  configsCreated: string[];
  pruned: string[];
}
interface StatusDoc {
  status: string;
  services: { name: string; running: number; desired: number; rolledBack: boolean; level: string }[];
  alertmanagerCluster?: { peers?: number };
}

/** Polls `probe` until it returns a value, or fails with what it last saw after `seconds`. */
async function eventually<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  for (;;) {
    const value = await probe().catch((err: unknown) => {
      last = String(err);
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${seconds} s${last ? `; last error: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const figure = (text: string) => process.stderr.write(`[swarm figure] ${text}\n`);

describe('deploy --swarm on a single-node swarm', () => {
  let stack: TestStack;
  let webhook: WebhookReceiver;
  let initialized = false;
  let gwbridgeBefore = true;
  let auth = '';
  const step = 100;
  const port = (base: number, peer: number) => base + (peer - 1) * step;
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { authorization: auth } });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const clusterPeers = async (peer: number) => ((await get(`http://127.0.0.1:${port(stack.ports.alertmanager, peer)}/api/v2/status`)) as { cluster: { peers: unknown[] } }).cluster.peers.length;
  const query = async (peer: number, q: string) =>
    ((await get(`http://127.0.0.1:${port(stack.ports.prometheus, peer)}/api/v1/query?query=${encodeURIComponent(q)}`)) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
  const taskContainer = (service: string) => docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${stack.project}_${service}`);
  const serviceVersions = () =>
    Object.fromEntries(
      docker('service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack.project}`, '--format', '{{.Name}}')
        .split('\n')
        .filter(Boolean)
        .map((n) => [n, docker('service', 'inspect', n, '--format', '{{.Version.Index}}')]),
    );
  const configNames = () => docker('config', 'ls', '--filter', `label=com.docker.stack.namespace=${stack.project}`, '--format', '{{.Name}}').split('\n').filter(Boolean);
  const status = async () => {
    const r = await runCli([...stack.args, 'status', '--swarm', '--json']);
    return { code: r.code, doc: JSON.parse(r.stdout) as StatusDoc, stderr: r.stderr };
  };
  const deploy = async (...extra: string[]) => runCli([...stack.args, 'deploy', '--swarm', '--wait-timeout', '240', ...extra], {}, 300_000);

  beforeAll(async () => {
    if (docker('info', '--format', '{{.Swarm.LocalNodeState}}') === 'inactive') {
      gwbridgeBefore = docker('network', 'ls', '-q', '--filter', 'name=^docker_gwbridge$') !== '';
      docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
      initialized = true;
    }
    stack = await createTestStack('swarm');
    webhook = await startWebhookReceiver();
    makeAlertingFast(stack.dir, webhook.url);
    // Swarm publishes on every interface: the admin API must be off there (deploy refuses it otherwise).
    appendFileSync(join(stack.dir, 'compose', '.env'), 'PROMETHEUS_ADMIN_API_FLAG=--no-web.enable-admin-api\n');
    const started = Date.now();
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    figure(`deploy --swarm, first time, to every service ready: ${Date.now() - started} ms`);
    const password = readFileSync(join(stack.dir, 'compose', 'secrets', 'ish_monitor_web_password'), 'utf8').trim();
    auth = `Basic ${Buffer.from(`ish-monitor:${password}`).toString('base64')}`;
  });

  afterAll(async () => {
    await webhook?.close();
    if (stack) {
      docker('stack', 'rm', stack.project);
      await eventually('the project\'s task containers gone', 60, async () => (docker('ps', '-aq', '--filter', `label=com.docker.stack.namespace=${stack.project}`) === '' ? true : undefined));
      const volumes = docker('volume', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack.project}`).split('\n').filter(Boolean);
      if (volumes.length) docker('volume', 'rm', ...volumes);
      stack.destroy();
    }
    if (initialized) {
      docker('swarm', 'leave', '--force');
      if (!gwbridgeBefore) docker('network', 'rm', 'docker_gwbridge');
    }
  });

  it('brings every service to its desired tasks; AlertManager forms a cluster of 3; both Prometheus replicas scrape and answer', async () => {
    const replicas = docker('service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack.project}`, '--format', '{{.Name}} {{.Replicas}}').split('\n').sort();
    expect(replicas.map((l) => l.replace(`${stack.project}_`, ''))).toEqual([
      'alertmanager-1 1/1', 'alertmanager-2 1/1', 'alertmanager-3 1/1', 'blackbox-exporter 1/1', 'grafana 1/1', 'node-exporter 1/1', 'prometheus-1 1/1', 'prometheus-2 1/1',
    ]);
    for (const peer of [1, 2, 3]) await eventually(`alertmanager-${peer} sees 3 peers`, 90, async () => ((await clusterPeers(peer)) === 3 ? true : undefined));
    for (const peer of [1, 2]) {
      const up = await eventually(`prometheus-${peer} scrapes all three AlertManager peers`, 60, async () => {
        const r = await query(peer, 'up{job="alertmanager"} == 1');
        return r.length === 3 ? r : undefined;
      });
      expect(up.map((s) => s.metric.instance).sort()).toEqual(['alertmanager-1:9093', 'alertmanager-2:9093', 'alertmanager-3:9093']);
      const am = (await get(`http://127.0.0.1:${port(stack.ports.prometheus, peer)}/api/v1/alertmanagers`)) as { data: { activeAlertmanagers: unknown[] } };
      expect(am.data.activeAlertmanagers).toHaveLength(3);
      const config = (await get(`http://127.0.0.1:${port(stack.ports.prometheus, peer)}/api/v1/status/config`)) as { data: { yaml: string } };
      expect(config.data.yaml).toContain(`replica: prometheus-${peer}`);
    }
    const s = await eventually('status --swarm ok', 60, async () => {
      const st = await status();
      return st.code === 0 ? st : undefined;
    });
    expect(s.doc.alertmanagerCluster?.peers).toBe(3);
  });

  it('a second deploy with nothing changed (target set by ISH_MONITOR_TARGET=swarm) updates nothing', async () => {
    const before = serviceVersions();
    const r = await runCli([...stack.args, 'deploy', '--json'], { ISH_MONITOR_TARGET: 'swarm' }, 300_000);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.filter((s) => s.action !== 'keep')).toEqual([]);
    expect(serviceVersions()).toEqual(before);
  });

  it('logs --swarm shows the lines of every peer, merged in time order', async () => {
    const r = await runCli([...stack.args, 'logs', '--swarm', '-t', '-n', '20', 'prometheus']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    for (const peer of [1, 2]) expect(lines.some((l) => l.startsWith(`${stack.project}_prometheus-${peer} |`))).toBe(true);
    const times = lines.map((l) => l.split(/\s+/)[2]!);
    expect(times).toEqual([...times].sort());
  });

  it('commands that act on plain containers refuse on the swarm deployment (exit 80), naming what to use', async () => {
    const before = serviceVersions();
    const restore = await runCli([...stack.args, 'restore', join(stack.dir, 'no-such-archive.tar.gz')]);
    expect(restore.code).toBe(80);
    expect(restore.stderr).toContain(`\`ish-monitor restore\` is not swarm-aware yet, and project ${stack.project} runs on Docker Swarm here`);
    const stop = await runCli([...stack.args, 'stop']);
    expect(stop.code).toBe(80);
    expect(stop.stderr).toContain('ish-monitor stop --swarm');
    const plain = await runCli([...stack.args, 'status']);
    expect(plain.code).toBe(80);
    expect(plain.stderr).toContain('status --swarm');
    expect(serviceVersions()).toEqual(before);
  });

  it('kill one AlertManager task: an alert sent during the outage is delivered exactly once; the task comes back and the cluster is 3 again', async () => {
    const killed = Date.now();
    docker('kill', taskContainer('alertmanager-2'));
    // As Prometheus does: the alert goes to every peer; the killed one does not answer.
    const alert = [{ labels: { alertname: 'SwarmE2EDuringOutage', severity: 'warning', team: 'backend', service: stack.project }, annotations: { summary: 'sent while alertmanager-2 is down' } }];
    const sent = await Promise.allSettled([1, 2, 3].map((peer) =>
      fetch(`http://127.0.0.1:${port(stack.ports.alertmanager, peer)}/api/v2/alerts`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(alert) }).then((r) => r.status),
    ));
    expect(sent.filter((x) => x.status === 'fulfilled' && x.value === 200).length).toBeGreaterThanOrEqual(2);
    const ours = () => webhook.received.filter((n) => n.alerts.some((a) => a.labels.alertname === 'SwarmE2EDuringOutage'));
    await eventually('the notification of the alert sent during the outage', 60, async () => (ours().length > 0 ? true : undefined));
    await eventually('alertmanager-2 restored by the swarm, in a cluster of 3', 120, async () => ((await clusterPeers(2)) === 3 ? true : undefined));
    figure(`AlertManager peer killed -> restored task sees a cluster of 3: ${Date.now() - killed} ms`);
    // Peers wait their position times the peer timeout (15 s) before sending what no other peer sent:
    // past 2 x 15 s a duplicate would have arrived.
    await new Promise((r) => setTimeout(r, Math.max(0, killed + 35_000 - Date.now())));
    const byReceiver = new Map<string, number>();
    for (const n of ours()) byReceiver.set(n.path, (byReceiver.get(n.path) ?? 0) + 1);
    expect([...byReceiver.values()].every((count) => count === 1), JSON.stringify([...byReceiver])).toBe(true);
  });

  it('kill one Prometheus replica: the other keeps answering, status is degraded (exit 1), then ok again', async () => {
    docker('kill', taskContainer('prometheus-2'));
    const r = await query(1, 'up{job="node-exporter"}');
    expect(r[0]?.value[1]).toBe('1');
    const degraded = await status();
    expect(degraded.code).toBe(1);
    expect(degraded.doc.services.find((s) => s.name === `${stack.project}_prometheus-2`)).toMatchObject({ running: 0, desired: 1 });
    await eventually('status ok again after the swarm restored prometheus-2', 120, async () => ((await status()).code === 0 ? true : undefined));
    expect((await query(2, 'up{job="node-exporter"}'))[0]?.value[1]).toBe('1');
  });

  it('restart --swarm prometheus replaces both replicas one at a time: the pair answers throughout', async () => {
    const before = [1, 2].map((peer) => taskContainer(`prometheus-${peer}`));
    let rounds = 0;
    const silent: number[] = [];
    let restarting = true;
    const watch = (async () => {
      while (restarting) {
        const answers = await Promise.all([1, 2].map((peer) => query(peer, 'vector(1)').then(() => true, () => false)));
        rounds++;
        if (!answers.includes(true)) silent.push(rounds);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    const r = await runCli([...stack.args, 'restart', '--swarm', 'prometheus', '--json']);
    restarting = false;
    await watch;
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { restarted: string[] }).restarted).toEqual([`${stack.project}_prometheus-1`, `${stack.project}_prometheus-2`]);
    const after = [1, 2].map((peer) => taskContainer(`prometheus-${peer}`));
    expect(after.every((id, i) => id !== '' && id !== before[i])).toBe(true);
    expect(rounds).toBeGreaterThan(3);
    expect(silent, `rounds in which neither replica answered, of ${rounds}`).toEqual([]);
  });

  it('status --swarm --format prometheus -o FILE writes per-peer metrics that promtool accepts', async () => {
    const file = join(stack.dir, 'swarm-status.prom');
    const r = await runCli([...stack.args, 'status', '--swarm', '--format', 'prometheus', '--output', file]);
    expect([0, 1], r.stderr).toContain(r.code);
    const metrics = readFileSync(file, 'utf8');
    expect(promtoolCheckMetrics(metrics)).toEqual({ code: 0, output: '' });
    for (const peer of [1, 2]) expect(metrics).toContain(`ish_monitor_swarm_tasks_running{project="${stack.project}",service="prometheus",peer="${peer}",core="true"} 1`);
    expect(metrics).toContain(`ish_monitor_status{project="${stack.project}"} ${r.code}`);
  });

  it('logs --swarm -f shows the peers\' lines as they come and ends with exit 0 on Ctrl-C', async () => {
    const follower = spawnCli([...stack.args, 'logs', '--swarm', '-f', '-n', '5', 'alertmanager']);
    try {
      await follower.waitFor('a line of an AlertManager peer', (out) => out.split('\n').some((l) => /^\S+_alertmanager-[123] +\| \S/.test(l.replace(stack.project, 'p'))));
      follower.child.kill('SIGINT');
      expect(await follower.exited).toBe(0);
      expect(follower.stderr()).not.toContain('error');
    } finally {
      follower.child.kill('SIGKILL');
    }
  });

  it('backup --swarm takes one peer per stateful service, names it in the manifest, and the archive verifies; the peers run again', async () => {
    const dir = join(stack.dir, 'backups');
    mkdirSync(dir);
    const r = await runCli([...stack.args, 'backup', '--swarm', '--output', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { file: string; services: { service: string; origin?: string }[]; volumes: { volume: string; entries: number }[] };
    expect(doc.services.map((x) => x.service).sort()).toEqual(['alertmanager', 'grafana', 'prometheus']);
    expect(doc.services.find((x) => x.service === 'prometheus')?.origin).toContain(`swarm service ${stack.project}_prometheus-2 (peer 2`);
    expect(doc.volumes.find((v) => v.volume === 'prometheus_data')?.entries).toBeGreaterThan(0);
    const verify = await runCli(['backup', 'verify', doc.file]);
    expect(verify.code, verify.stderr).toBe(0);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', doc.file, 'manifest.json'], { encoding: 'utf8' })) as { serviceDetails: { service: string; origin?: string }[]; volumeDetails: { volume: string; engineName: string }[] };
    expect(manifest.serviceDetails.find((x) => x.service === 'alertmanager')?.origin).toContain(`${stack.project}_alertmanager-3`);
    expect(manifest.volumeDetails.find((v) => v.volume === 'prometheus_data')?.engineName).toBe(`${stack.project}_prometheus_data-2`);
    await eventually('status ok again after the backed-up peers started', 120, async () => ((await status()).code === 0 ? true : undefined));
  });

  it('stop --swarm removes every task, status says stopped (exit 2); deploy --swarm brings back the same replicas and the data', async () => {
    const replicas = () => docker('service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack.project}`, '--format', '{{.Name}} {{.Mode}} {{.Replicas}}').split('\n').sort();
    const before = replicas();
    // The sample time of a series at a moment before the stop: the same answer afterwards is the same data.
    const at = Math.floor(Date.now() / 1000);
    const sampleTime = async (peer: number) => (await get(`http://127.0.0.1:${port(stack.ports.prometheus, peer)}/api/v1/query?query=${encodeURIComponent('timestamp(up{job="node-exporter"})')}&time=${at}`)) as { data: { result: { value: [number, string] }[] } };
    const recorded = await Promise.all([1, 2].map(async (peer) => (await sampleTime(peer)).data.result[0]?.value[1]));
    expect(recorded.every((t) => t !== undefined)).toBe(true);
    const stop = await runCli([...stack.args, 'stop', '--swarm', '--json']);
    expect(stop.code, stop.stderr).toBe(0);
    const stopped = JSON.parse(stop.stdout) as { services: { name: string; action: string; recorded: number | string }[] };
    expect(stopped.services).toHaveLength(8);
    expect(stopped.services.find((x) => x.name === `${stack.project}_node-exporter`)).toMatchObject({ action: 'stopped', recorded: 'global' });
    expect(docker('ps', '-q', '--filter', `label=com.docker.stack.namespace=${stack.project}`)).toBe('');
    const st = await status();
    expect(st.code).toBe(2);
    expect(st.doc.services.every((x) => x.level === 'down')).toBe(true);
    expect((await runCli([...stack.args, 'status', '--swarm'])).stdout).toContain('STOPPED');
    const again = await runCli([...stack.args, 'stop', '--swarm', '--json']);
    expect((JSON.parse(again.stdout) as typeof stopped).services.every((x) => x.action === 'already stopped')).toBe(true);
    expect((await runCli([...stack.args, 'deploy'])).code).toBe(80);
    const started = Date.now();
    const r = await deploy('--json');
    expect(r.code, r.stderr).toBe(0);
    figure(`deploy --swarm of a stopped stack to every service ready: ${Date.now() - started} ms`);
    expect((JSON.parse(r.stdout) as DeployDoc).services.every((x) => x.action === 'start')).toBe(true);
    expect(replicas()).toEqual(before);
    for (const [i, peer] of [1, 2].entries()) expect((await sampleTime(peer)).data.result[0]?.value[1], `prometheus-${peer}`).toBe(recorded[i]);
  });

  it('a changed config file is a new versioned config and rolls only the service that mounts it; the old version stays for a rollback', async () => {
    const before = serviceVersions();
    const configsBefore = configNames();
    const file = join(stack.dir, 'monitoring', 'blackbox', 'blackbox.yml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# changed by the swarm e2e test\n`);
    const plan = await deploy('--dry-run', '--json');
    expect(plan.code, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as DeployDoc).services.filter((s) => s.action !== 'keep').map((s) => s.name)).toEqual([`${stack.project}_blackbox-exporter`]);
    expect(configNames()).toEqual(configsBefore);
    expect(serviceVersions()).toEqual(before);
    const r = await deploy('--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.filter((s) => s.action !== 'keep').map((s) => `${s.name} ${s.action}`)).toEqual([`${stack.project}_blackbox-exporter update`]);
    expect(doc.configsCreated).toEqual([expect.stringMatching(new RegExp(`^${stack.project}_blackbox\\.yml_[0-9a-f]{12}$`))]);
    // The previous version is what a rollback of blackbox-exporter returns to: it is kept.
    expect(doc.pruned).toEqual([]);
    const after = configNames();
    expect(configsBefore.every((n) => after.includes(n))).toBe(true);
    expect(after.filter((n) => !configsBefore.includes(n))).toEqual(doc.configsCreated);
    const versionsAfter = serviceVersions();
    for (const [name, version] of Object.entries(before)) if (!name.endsWith('_blackbox-exporter')) expect(versionsAfter[name], name).toBe(version);
    expect(docker('service', 'inspect', `${stack.project}_blackbox-exporter`, '--format', '{{.UpdateStatus.State}}')).toBe('completed');
  });

  it('a broken image is rolled back by the swarm: deploy exits 77 naming the service, and status says so', async () => {
    const good = docker('service', 'inspect', `${stack.project}_blackbox-exporter`, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}');
    appendFileSync(join(stack.dir, 'compose', '.env'), 'BLACKBOX_EXPORTER_IMAGE=ish-monitor-local/never-ready:1\n');
    const r = await deploy();
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toMatch(new RegExp(`${stack.project}_blackbox-exporter: the rolling update failed and Swarm rolled it back`));
    expect(docker('service', 'inspect', `${stack.project}_blackbox-exporter`, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}')).toBe(good);
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.doc.services.find((x) => x.name === `${stack.project}_blackbox-exporter`)?.rolledBack).toBe(true);
    const text = await runCli([...stack.args, 'status', '--swarm']);
    expect(text.stdout).toContain('ROLLED BACK');
  });

  it('back on the good image: nothing to roll, and the file version no spec uses any more is removed', async () => {
    const env = join(stack.dir, 'compose', '.env');
    writeFileSync(env, readFileSync(env, 'utf8').replace('BLACKBOX_EXPORTER_IMAGE=ish-monitor-local/never-ready:1\n', ''));
    const r = await deploy('--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc;
    expect(doc.services.filter((s) => s.action !== 'keep')).toEqual([]);
    expect(doc.pruned).toEqual([expect.stringMatching(new RegExp(`^${stack.project}_blackbox\\.yml_`))]);
  });

  it('a service of a compose service no longer in the compose file is an orphan: deploy --swarm names it in the plan and removes it', async () => {
    const orphan = `${stack.project}_retired-exporter`;
    const image = docker('service', 'inspect', `${stack.project}_blackbox-exporter`, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}');
    docker('service', 'create', '--detach', '--name', orphan, '--replicas', '0', '--label', `com.docker.stack.namespace=${stack.project}`, '--label', 'io.ish-monitor.managed=true', '--label', 'io.ish-monitor.swarm.service=retired-exporter', image);
    const plan = await deploy('--dry-run', '--json');
    expect((JSON.parse(plan.stdout) as { orphansRemoved: string[] }).orphansRemoved).toEqual([orphan]);
    expect(docker('service', 'ls', '-q', '--filter', `name=${orphan}`)).not.toBe('');
    const r = await deploy('--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as DeployDoc & { orphansRemoved: string[] };
    expect(doc.orphansRemoved).toEqual([orphan]);
    expect(doc.services.filter((x) => x.action !== 'keep')).toEqual([]);
    expect(docker('service', 'ls', '-q', '--filter', `name=${orphan}`)).toBe('');
  });

  it('cleanup --swarm --volumes removes the services, configs, secrets, network and data volumes of the project, and nothing else', async () => {
    const label = `label=com.docker.stack.namespace=${stack.project}`;
    const r = await runCli([...stack.args, 'cleanup', '--swarm', '--volumes', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { services: string[]; volumes: string[]; networks: string[] };
    expect(doc.services).toHaveLength(8);
    expect(doc.volumes.sort()).toEqual(['alertmanager_data-1', 'alertmanager_data-2', 'alertmanager_data-3', 'grafana_data', 'prometheus_data-1', 'prometheus_data-2'].map((v) => `${stack.project}_${v}`));
    expect(doc.networks).toEqual([`${stack.project}_monitoring`]);
    for (const kind of ['service', 'config', 'secret', 'network', 'volume']) expect(docker(kind, 'ls', '-q', '--filter', label), kind).toBe('');
  });
});
