/**
 * status' deeper checks on a real stack: a stopped scrape target, the metrics file promtool reads,
 * and a Grafana admin password that drifted from the stored secret (on the Grafana STAND-IN, which
 * keeps the first-boot password as Grafana does).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackStatus } from '../../src/core/get-stack-status.js';
import { promtoolCheckMetrics } from '../config/run-tool.js';
import { containerIds, docker } from '../support/docker-cli.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

describe('status deeper checks on a real engine', () => {
  let stack: TestStack;
  const cli = (...args: string[]) => runCli([...stack.args, ...args]);
  // What is tested is what the checks find, not speed: generous limits, as the shared test host can be slow.
  const status = (...args: string[]) => cli('status', '--probe-timeout', '15000', '--slow', '15000', ...args);
  const statusJson = async () => {
    const r = await status('--json');
    return { code: r.code, doc: JSON.parse(r.stdout) as StackStatus, stdout: r.stdout, stderr: r.stderr };
  };
  /** Runs status until `done` holds (Prometheus scrapes every 15 s); returns the last run. */
  const statusUntil = async (done: (doc: StackStatus, code: number) => boolean, what: string) => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const r = await statusJson();
      if (done(r.doc, r.code)) return r;
      if (Date.now() > deadline) throw new Error(`status never showed ${what}; last: ${r.stdout}`);
      await new Promise((res) => setTimeout(res, 2_000));
    }
  };
  const job = (doc: StackStatus, name: string) => {
    const t = doc.checks.targets;
    return t && !('error' in t) ? t.jobs.find((j) => j.job === name) : undefined;
  };

  beforeAll(async () => {
    stack = await createTestStack('stchk');
    const r = await cli('deploy');
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => stack?.destroy());

  it('a healthy stack: every check ran, Grafana accepts the stored password, exit 0', async () => {
    const { code, doc } = await statusUntil((d) => (job(d, 'node-exporter')?.up ?? 0) > 0, 'node-exporter scraped');
    expect(code).toBe(0);
    expect(Object.keys(doc.checks).sort()).toEqual(['alertmanagerCluster', 'alerts', 'grafanaLogin', 'rules', 'targets', 'tsdb']);
    expect(doc.checks.grafanaLogin).toMatchObject({ user: 'admin', ok: true, httpStatus: 200 });
    expect(doc.checks.rules).toMatchObject({ failing: [] });
    expect(doc.checks.alertmanagerCluster).toEqual({ status: 'disabled', peers: 0 });
    expect(doc.checks.tsdb).toMatchObject({ retentionSizeBytes: 10 * 1024 ** 3, retentionTimeSeconds: 15 * 86_400 });
    expect(doc.findings.filter((f) => f.level === 'degraded')).toEqual([]);
    const human = await status();
    expect(human.stdout).toMatch(/^ {2}grafana +admin login ok as admin$/m);
    expect(human.stdout).toMatch(/^ {2}rules +\d+ groups, \d+ rules, 0 failing$/m);
  });

  it('a stopped node-exporter: its scrape target shows down with the error, exit 1, and the metrics pass promtool', async () => {
    docker('stop', containerIds(stack.project)['node-exporter']!);
    const { code, doc } = await statusUntil((d) => (job(d, 'node-exporter')?.down ?? 0) > 0, 'the node-exporter target down');
    expect(code).toBe(1);
    expect(doc.status).toBe('degraded');
    const finding = doc.findings.find((f) => f.check === 'targets' && f.level === 'degraded');
    expect(finding?.message).toMatch(/^scrape target down: job node-exporter, 1 of 1 down \(node-exporter:9100: .+\)$/);
    const human = await status();
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`! ${finding!.message}`);
    expect(human.stdout).toMatch(/^ {2}targets +stack jobs 4\/5 up;/m);
    const metrics = await status('--format', 'prometheus');
    expect(metrics.code).toBe(1);
    expect(promtoolCheckMetrics(metrics.stdout)).toEqual({ code: 0, output: '' });
    expect(metrics.stdout).toContain(`ish_monitor_scrape_targets{project="${stack.project}",job="node-exporter",stack="true",health="down"} 1`);
    expect(metrics.stdout).toContain(`ish_monitor_findings{project="${stack.project}",check="targets",level="degraded"} 1`);
  });

  it('started again, the stale down (scraped before the restart) no longer counts: exit 0', async () => {
    docker('start', containerIds(stack.project)['node-exporter']!);
    const { doc } = await statusUntil((_, code) => code === 0, 'exit 0');
    expect(job(doc, 'node-exporter')?.down).toBe(0);
  });

  it('a secret rewritten after first boot: the drifted Grafana password is named, with the reset command that fixes it', async () => {
    const secret = join(stack.dir, 'compose', 'secrets', 'grafana_admin_password');
    const rotated = 'rotated-after-first-boot-0123456789';
    writeFileSync(secret, rotated);
    docker('restart', containerIds(stack.project).grafana!);
    const r = await statusUntil((d) => d.checks.grafanaLogin !== undefined && !('error' in d.checks.grafanaLogin) && d.checks.grafanaLogin.ok === false, 'the login refused');
    expect(r.code).toBe(1);
    const finding = r.doc.findings.find((f) => f.check === 'grafanaLogin')!;
    expect(finding.message).toBe(`Grafana admin password drifted from the stored secret (${secret}): login as admin answered HTTP 401`);
    const container = docker('inspect', '--format', '{{.Name}}', containerIds(stack.project).grafana!).replace(/^\//, '');
    expect(finding.hint).toBe(`reset it with: docker exec -i ${container} grafana cli admin reset-admin-password --password-from-stdin < ${secret}`);
    const human = await status();
    expect(human.stdout).toContain(`! ${finding.message}`);
    // The next runs off a terminal (cron) do not log in again for 5 minutes: Grafana would block the admin account.
    const again = await statusJson();
    expect(again.code).toBe(1);
    expect(again.doc.checks.grafanaLogin).toMatchObject({ ok: false, httpStatus: 401 });
    const note = (again.doc.checks.grafanaLogin as { note?: string }).note;
    expect(note).toMatch(/^refused at \S+, not tried again before \S+ \(Grafana blocks a user after 5 failed logins in 5 minutes; on a terminal status tries at once\)$/);
    expect(human.stdout).toContain(note);
    for (const out of [r.stdout, r.stderr, human.stdout, human.stderr, again.stdout]) expect(out).not.toContain(rotated);
    // The hint, run as printed, makes the login work again; status on a terminal tries at once and sees it.
    execFileSync('sh', ['-c', finding.hint!.replace(/^reset it with: /, '')], { stdio: 'pipe' });
    const line = [cliPath, ...stack.args, 'status', '--probe-timeout', '15000', '--slow', '15000'].map((a) => `'${a}'`).join(' ');
    const onTerminal = spawnSync('script', ['-qec', line, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(onTerminal.stdout).toContain('admin login ok as admin');
    const after = await statusJson();
    expect(after.doc.checks.grafanaLogin).toMatchObject({ ok: true, httpStatus: 200 });
    expect(after.doc.findings.filter((f) => f.check === 'grafanaLogin')).toEqual([]);
    // The restart's own traces (health check starting, a scrape during the restart) pass by themselves.
    await statusUntil((_, code) => code === 0, 'exit 0 after the reset');
  });
});
