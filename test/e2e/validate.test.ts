import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerIds, docker } from '../support/docker-cli.js';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

/** Each container of the project with its start time: unchanged means the running stack was not touched. */
function containerStarts(project: string): Record<string, string> {
  const ids = containerIds(project);
  return Object.fromEntries(Object.entries(ids).map(([service, id]) => [service, `${id} ${docker('inspect', '-f', '{{.State.StartedAt}}', id)}`]));
}

/** Tool containers validate started and did not remove (there must be none). */
const leftoverCheckContainers = () => docker('ps', '-a', '--filter', 'label=io.ish-monitor.check', '--format', '{{.Names}}');

const errorLine = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('error:'));

describe('validate, doctor and deploy on a running stack', () => {
  let stack: TestStack;
  let before: Record<string, string>;
  beforeAll(async () => {
    stack = await createTestStack('validate');
    const r = await runCli([...stack.args, 'deploy']);
    expect(r.code, r.stderr).toBe(0);
    before = containerStarts(stack.project);
    expect(Object.keys(before).sort()).toEqual(['alertmanager', 'blackbox-exporter', 'grafana', 'node-exporter', 'prometheus']);
  });
  afterAll(() => stack?.destroy());

  it('a valid configuration passes every check; once deployed, the tools are not run again (cached)', async () => {
    const r = await runCli([...stack.args, '--json', 'validate']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; checks: { name: string; level: string; cached?: boolean }[] };
    expect(doc.ok).toBe(true);
    expect(doc.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['compose file', 'promtool check config', 'promtool check rules', 'amtool check-config', 'blackbox_exporter --config.check', 'grafana provisioning']));
    expect(doc.checks.filter((c) => c.level !== 'pass')).toEqual([]);
    // deploy validated exactly these files: nothing is run again.
    expect(doc.checks.filter((c) => c.name.startsWith('promtool') || c.name.startsWith('amtool')).every((c) => c.cached)).toBe(true);
  });

  it('with cold caches the tools run in the images, and their containers leave no volume behind', async () => {
    // Prometheus' and AlertManager's images declare VOLUME /prometheus, /alertmanager: each tool run
    // gets an unnamed volume, which must go with its container (it once stayed: 3 per validate).
    // Told apart from other tests' volumes by the engine's own events: mounts into the tool containers.
    const since = Math.floor(Date.now() / 1000) - 1;
    const r = await runCli([...stack.args, 'validate'], { XDG_CACHE_HOME: join(stack.dir, 'cold-cache') });
    expect(r.code, r.stderr).toBe(0);
    const until = Math.floor(Date.now() / 1000) + 1;
    const events = (filter: string[]) =>
      docker('events', '--since', String(since), '--until', String(until), ...filter.flatMap((f) => ['--filter', f]), '--format', '{{json .}}')
        .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { Actor: { ID: string; Attributes: Record<string, string> } });
    const tools = new Set(events(['type=container', 'event=create', 'label=io.ish-monitor.check']).map((e) => e.Actor.ID));
    expect(tools.size).toBeGreaterThanOrEqual(3);
    const mounted = events(['type=volume', 'event=mount']).filter((e) => tools.has(e.Actor.Attributes.container ?? '')).map((e) => e.Actor.ID);
    expect(mounted.length, 'the tool containers mount the images\' declared volumes').toBeGreaterThan(0);
    const left = docker('volume', 'ls', '-q').split('\n');
    expect(mounted.filter((v) => left.includes(v))).toEqual([]);
    expect(leftoverCheckContainers()).toBe('');
  });

  it('a broken rule file: validate and deploy exit 65 naming file and line; the stack is untouched', async () => {
    const rule = join(stack.dir, 'monitoring', 'prometheus', 'rules', 'broken.yml');
    writeFileSync(rule, 'groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: up ==\n');
    try {
      for (const tools of ['image', 'host']) {
        const v = await runCli([...stack.args, 'validate', '--tools', tools]);
        expect(v.code, v.stderr).toBe(65);
        expect(v.stdout).toMatch(/^fail {2}promtool check rules /m);
        expect(v.stdout).toContain(`${rule}:5:15: group "broken", rule 1, "Broken": could not parse expression`);
      }
      const d = await runCli([...stack.args, 'deploy']);
      expect(d.code, d.stderr).toBe(65);
      expect(errorLine(d.stderr)).toMatch(new RegExp(`^error: preflight: promtool check \\w+: ${rule.replace(/[.]/g, '\\.')}:5:15: group "broken"`));
      expect(containerStarts(stack.project)).toEqual(before);
      expect(leftoverCheckContainers()).toBe('');
    } finally {
      rmSync(rule);
    }
  });

  it('a broken alertmanager.yml: validate and deploy exit 65 naming file and line; the stack is untouched', async () => {
    const file = join(stack.dir, 'monitoring', 'alertmanager', 'alertmanager.yml');
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((l) => l === '  receiver: default');
    expect(at).toBeGreaterThan(0);
    lines[at] = '  receiver: nobody';
    writeFileSync(file, lines.join('\n'));
    try {
      const v = await runCli([...stack.args, 'validate']);
      expect(v.code, v.stderr).toBe(65);
      expect(v.stdout).toContain(`${file}:${at + 1}: undefined receiver "nobody" used in route`);
      const d = await runCli([...stack.args, '--json', 'deploy']);
      expect(d.code, d.stderr).toBe(65);
      expect(JSON.parse(d.stdout).error.message).toBe(`preflight: amtool check-config: ${file}:${at + 1}: undefined receiver "nobody" used in route`);
      expect(containerStarts(stack.project)).toEqual(before);
      expect(leftoverCheckContainers()).toBe('');
    } finally {
      writeFileSync(file, original);
    }
  });

  it('doctor on the healthy stack: every check passes, --json parses, exit 0', async () => {
    const secrets = join(stack.dir, 'compose', 'secrets');
    // Outside systems' credentials start empty (a warning): fill them as an operator would.
    for (const entry of readdirSync(secrets, { withFileTypes: true })) if (entry.isFile() && readFileSync(join(secrets, entry.name)).length === 0) writeFileSync(join(secrets, entry.name), 'filled-by-test');
    const r = await runCli([...stack.args, '--json', 'doctor', '--min-memory', '1g', '--min-disk', '1g']);
    const doc = JSON.parse(r.stdout) as { worst: string; checks: { name: string; level: string; detail: string }[] };
    expect(doc.checks.filter((c) => c.level !== 'pass')).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(doc.worst).toBe('pass');
    expect(doc.checks.map((c) => c.name)).toEqual(['docker engine', 'memory', 'bind address', 'disk', 'host ports', 'secret files', 'configuration']);
    expect(doc.checks.find((c) => c.name === 'disk')?.detail).toMatch(/^\d+\.\d GiB free under \//);
  });

  it('doctor reports a secret file readable by others: exit 2, the file and the fix', async () => {
    const password = join(stack.dir, 'compose', 'secrets', 'grafana_admin_password');
    chmodSync(password, 0o644);
    try {
      const r = await runCli([...stack.args, 'doctor', '--min-memory', '1g', '--min-disk', '1g']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toContain(`fail  secret files   ${password} readable by group or others`);
      expect(r.stdout).toContain(`fix: chmod 600 ${password}`);
    } finally {
      chmodSync(password, 0o600);
    }
  });

  it('doctor fails the memory check when asked for more than the host has and --resources fail', async () => {
    const r = await runCli([...stack.args, 'doctor', '--min-memory', '100t', '--resources', 'fail']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/^fail {2}memory +[\d.]+ GiB of memory on the engine's host, less than 102400\.0 GiB$/m);
  });
});
