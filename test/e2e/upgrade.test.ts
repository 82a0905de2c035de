import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerIds, docker, projectResources } from '../support/docker-cli.js';
import { cliPath, runCli, type CliRun } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';
import { buildUpgradeTarget, localImage } from '../support/upgrade-target-image.js';

const neverReady = 'ish-monitor-local/never-ready:1';

interface HistoryDoc {
  entries: { command: string; result: string; changes: { service: string; from?: string; to?: string }[]; backup?: string }[];
}

describe('upgrade, upgrade --rollback and history on a real engine', () => {
  let stack: TestStack;
  let env: Record<string, string>;
  let original = '';
  let target = '';
  let sampleTime = 0;
  const cli = (...args: string[]) => runCli([...stack.args, ...args], env);
  const prom = () => `http://127.0.0.1:${stack.ports.prometheus}`;
  const imageId = (ref: string) => docker('image', 'inspect', '--format', '{{.Id}}', ref);
  const prometheusContainer = () => docker('inspect', '--format', '{{.Id}} {{.Image}} {{.State.Status}}', `${stack.project}-prometheus-1`).split(' ');
  const envFile = () => readFileSync(join(stack.dir, 'compose', '.env'), 'utf8');
  const setAside = () => projectResources(stack.project).containers.filter((n) => n.includes('-replaced-'));

  /** The sample recorded before the upgrades is still there: the data volume came along. */
  const expectSampleKept = async () => {
    const res = await fetch(`${prom()}/api/v1/query?query=${encodeURIComponent('up{job="prometheus"}')}&time=${sampleTime}`);
    const q = (await res.json()) as { data: { result: unknown[] } };
    expect(q.data.result.length).toBeGreaterThan(0);
  };

  /** Starts an upgrade to the never-ready image and returns once its new container exists, with the running process. */
  const upgradeUntilNewContainer = async () => {
    const child = spawn(cliPath, [...stack.args, 'upgrade', '--set', `prometheus=${neverReady}`, '--yes', '--no-backup', '--timeout', '120'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<CliRun>((resolve) => child.on('exit', (code, signal) => resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : 1), stdout: '', stderr })));
    const runsNeverReady = () => docker('ps', '--filter', `label=com.docker.compose.project=${stack.project}`, '--filter', `ancestor=${neverReady}`, '--format', '{{.ID}}') !== '';
    for (let i = 0; i < 240 && !runsNeverReady(); i++) await sleep(250);
    await sleep(500);
    return { child, exited, stderr: () => stderr };
  };

  beforeAll(async () => {
    stack = await createTestStack('upgrade');
    env = { XDG_STATE_HOME: join(stack.dir, 'state') };
    original = localImage('PROMETHEUS_IMAGE');
    target = buildUpgradeTarget(original);
    const r = await cli('deploy');
    expect(r.code, r.stderr).toBe(0);
    for (let i = 0; i < 60 && sampleTime === 0; i++) {
      const q = (await (await fetch(`${prom()}/api/v1/query?query=${encodeURIComponent('up{job="prometheus"}')}`)).json()) as { data: { result: { value: [number, string] }[] } };
      if (q.data.result.length > 0) sampleTime = q.data.result[0]!.value[0];
      else await sleep(1_000);
    }
    expect(sampleTime).toBeGreaterThan(0);
  });
  afterAll(() => stack?.destroy());

  it('--dry-run shows the plan (old tag and ID -> new tag) and changes nothing; without --yes and no terminal it refuses', async () => {
    const before = containerIds(stack.project);
    const dry = await cli('upgrade', '--set', `prometheus=${target}`, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`prometheus  replace  ${original} (${imageId(original).slice(7, 19)}) -> ${target} (${imageId(target).slice(7, 19)})`);
    expect(dry.stdout).not.toMatch(/alertmanager|grafana|node-exporter|blackbox/);
    const refused = await cli('upgrade', '--set', `prometheus=${target}`);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('pass --yes');
    const bad = await cli('upgrade', '--set', 'prometheus');
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--set "prometheus" is not service=image:tag');
    const unknown = await cli('upgrade', '--set', `promethus=${target}`, '--yes');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('unknown service "promethus"');
    expect(containerIds(stack.project)).toEqual(before);
    expect(envFile()).toContain(`PROMETHEUS_IMAGE=${original}\n`);
  });

  it('upgrades prometheus to a second image: ready on it, data kept, backup verified, old container gone, later deploy keeps it', async () => {
    const before = containerIds(stack.project);
    const r = await cli('upgrade', '--set', `prometheus=${target}`, '--yes', '--backup-dir', stack.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`upgraded`);
    const [id, image, state] = prometheusContainer();
    expect(image).toBe(imageId(target));
    expect(state).toBe('running');
    expect(id).not.toBe(before.prometheus);
    expect((await fetch(`${prom()}/-/ready`)).status).toBe(200);
    await expectSampleKept();
    const ids = containerIds(stack.project);
    for (const s of ['alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter']) expect(ids[s], s).toBe(before[s]);
    expect(setAside()).toEqual([]);
    const archives = readdirSync(stack.dir).filter((f) => f.endsWith('.tar.gz'));
    expect(archives).toHaveLength(1);
    expect(r.stdout).toContain(`backup taken before: ${join(stack.dir, archives[0]!)}`);
    expect((await cli('backup', 'verify', join(stack.dir, archives[0]!))).code).toBe(0);
    expect(envFile()).toContain(`PROMETHEUS_IMAGE=${target}\n`);
    expect(envFile()).not.toContain(`PROMETHEUS_IMAGE=${original}\n`);
    const again = await cli('deploy', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { services: { action: string }[] }).services.every((s) => s.action === 'keep')).toBe(true);
  });

  it('upgrade --rollback later returns to the recorded image and env value, with the data; a second one has nothing to do', async () => {
    const r = await cli('upgrade', '--rollback');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('restored: prometheus');
    expect(prometheusContainer()[1]).toBe(imageId(original));
    expect(envFile()).toContain(`PROMETHEUS_IMAGE=${original}\n`);
    expect((await fetch(`${prom()}/-/ready`)).status).toBe(200);
    await expectSampleKept();
    expect(setAside()).toEqual([]);
    const again = await cli('upgrade', '--rollback');
    expect(again.code).toBe(64);
    expect(again.stderr).toContain('already rolled back');
  });

  it('an image that never becomes ready is rolled back automatically: exit 77, report, same container serving, no orphans', async () => {
    const [oldId] = prometheusContainer();
    const r = await cli('upgrade', '--set', `prometheus=${neverReady}`, '--yes', '--no-backup', '--timeout', '8');
    expect(r.code, r.stderr).toBe(77);
    expect(r.stderr).toMatch(/error: upgrade failed at prometheus \(ish-monitor-local\/never-ready:1\): prometheus did not become ready within 8 s/);
    expect(r.stderr).toContain('never-ready: running, listening nowhere');
    const [id, image, state] = prometheusContainer();
    expect([id, image, state]).toEqual([oldId, imageId(original), 'running']);
    expect((await fetch(`${prom()}/-/ready`)).status).toBe(200);
    await expectSampleKept();
    expect(setAside()).toEqual([]);
    expect(projectResources(stack.project).containers).toHaveLength(5);
    expect(envFile()).toContain(`PROMETHEUS_IMAGE=${original}\n`);
  });

  it('Ctrl-C during an upgrade puts the recorded container back and exits 130', async () => {
    const [oldId] = prometheusContainer();
    const run = await upgradeUntilNewContainer();
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('putting the recorded containers back');
    expect(prometheusContainer()).toEqual([oldId, imageId(original), 'running']);
    expect(setAside()).toEqual([]);
    // The old state, whole, and status says how it came about (the exit code is the services').
    const status = await cli('status', '--json', '--slow', '30000');
    expect(status.code, status.stdout).toBe(0);
    expect((JSON.parse(status.stdout) as { upgrade?: { state: string } }).upgrade?.state).toBe('rolled-back');
  });

  it('after a killed upgrade, upgrade refuses to start over and upgrade --rollback recovers', async () => {
    const [oldId] = prometheusContainer();
    const run = await upgradeUntilNewContainer();
    run.child.kill('SIGKILL');
    await run.exited;
    // Killed half-way: the old container stopped and set aside, the new one running.
    expect(setAside()).toHaveLength(1);
    // status explains the mix: the unfinished upgrade in one line with the command that recovers, the
    // set-aside container reported but not judged as the service (the new one, not answering, is).
    const during = await cli('status', '--json');
    expect(during.code, during.stdout).toBe(2);
    const doc = JSON.parse(during.stdout) as { upgrade?: { state: string; hint: string }; services: { service: string; core: boolean; level: string; reason: string }[] };
    expect(doc.upgrade).toMatchObject({ state: 'interrupted', hint: expect.stringContaining('`ish-monitor upgrade --rollback`') });
    expect(doc.services.filter((s) => s.service === 'prometheus').map((s) => [s.core, s.level, s.reason.includes('set aside')])).toEqual(
      expect.arrayContaining([
        [true, 'down', false],
        [false, 'degraded', true],
      ]),
    );
    expect((await cli('status')).stdout).toMatch(/^upgrade: the upgrade started at \S+ did not finish: services may run a mix of old and new versions; run `ish-monitor upgrade --rollback`/m);
    const refused = await cli('upgrade', '--set', `prometheus=${target}`, '--yes', '--no-backup');
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('did not finish');
    const r = await cli('upgrade', '--rollback');
    expect(r.code, r.stderr).toBe(0);
    expect(prometheusContainer()).toEqual([oldId, imageId(original), 'running']);
    expect(setAside()).toEqual([]);
    expect((await fetch(`${prom()}/-/ready`)).status).toBe(200);
    await expectSampleKept();
    // A loaded test host can make a probe take over a second: that is not what is judged here.
    const status = await cli('status', '--slow', '30000');
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toContain('upgrade: the upgrade started at ');
    expect(status.stdout).toContain('was rolled back: the stack runs the versions from before it');
  });

  it('history lists every deploy, upgrade and rollback with its result', async () => {
    const r = await cli('history', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as HistoryDoc;
    expect(doc.entries.map((e) => `${e.command}:${e.result}`)).toEqual([
      'deploy:ok',
      'upgrade:ok',
      'rollback:ok',
      'upgrade:rolled-back',
      'upgrade:interrupted',
      'rollback:ok',
    ]);
    const up = doc.entries[1]!;
    expect(up.changes).toEqual([{ service: 'prometheus', action: 'replace', from: expect.stringContaining(original), to: expect.stringContaining(target) }]);
    expect(up.backup).toMatch(/\.tar\.gz$/);
    const last2 = await cli('history', '-n', '2');
    expect(last2.code).toBe(0);
    expect(last2.stdout.split('\n').filter((l) => /^\d{4}-/.test(l)).map((l) => l.split(/\s+/).slice(1, 3).join(' '))).toEqual(['upgrade interrupted', 'rollback ok']);
  });
});
