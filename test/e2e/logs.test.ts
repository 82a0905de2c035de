import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('logs on a real engine', () => {
  let stack: TestStack;
  const cli = (...args: string[]) => runCli([...stack.args, ...args]);

  beforeAll(async () => {
    stack = await createTestStack('logs');
    const r = await cli('deploy');
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => stack?.destroy());

  it('logs prometheus --tail 5: five lines, each prefixed with the service', async () => {
    const r = await cli('logs', 'prometheus', '--tail', '5');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(/^prometheus \| \S/);
    expect(r.stdout).toMatch(/msg="Server is ready to receive web requests."|level=info/);
  });

  it('logs for two services shows both, prefixes padded to the longer name, in time order', async () => {
    const r = await cli('logs', 'prometheus', 'grafana', '-t');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.some((l) => l.startsWith('prometheus | '))).toBe(true);
    expect(lines.some((l) => l.startsWith('grafana    | ') && l.includes('GRAFANA STAND-IN: listening on :3000'))).toBe(true);
    expect(lines.every((l) => /^(prometheus|grafana   ) \| \d{4}-\d\d-\d\dT[\d:.]+Z /.test(l))).toBe(true);
    const times = lines.map((l) => /\| (\S+) /.exec(l)![1]!);
    expect([...times].sort()).toEqual(times);
  });

  it('--since and --until filter by RFC 3339 time and by duration', async () => {
    const all = await cli('logs', 'grafana', '-t');
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const second = lines[1]!.split(' ')[2]!;
    const since = await cli('logs', 'grafana', '-t', '--since', second);
    expect(since.code, since.stderr).toBe(0);
    expect(since.stdout).toBe(lines.slice(1).join('\n') + '\n');
    // The engine's --until includes a line at exactly that time.
    const until = await cli('logs', 'grafana', '-t', '--until', second);
    expect(until.stdout).toBe(lines.slice(0, 2).join('\n') + '\n');
    const future = await cli('logs', 'grafana', '--since', '2999-01-01T00:00:00Z');
    expect(future.code, future.stderr).toBe(0);
    expect(future.stdout).toBe('');
    const recent = await cli('logs', 'grafana', '--since', '1h');
    expect(recent.stdout.trimEnd().split('\n')).toHaveLength(lines.length);
    const beforeDeploy = await cli('logs', 'grafana', '--until', '2h');
    expect(beforeDeploy.stdout).toBe('');
  });

  it('refuses an unknown service (64) with one error line listing the valid names', async () => {
    const r = await cli('logs', 'grafana', 'prometheos');
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    const [error, hint] = r.stderr.trimEnd().split('\n');
    expect(error).toBe('error: unknown service "prometheos"');
    expect(hint).toMatch(/^hint: services in .*: prometheus, alertmanager, grafana, node-exporter, blackbox-exporter/);
  });

  it('refuses a bad --since (64) naming the option and the accepted forms', async () => {
    const r = await cli('logs', '--since', 'yesterday');
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(
      'error: --since "yesterday" is not a time: use an RFC 3339 time (2025-05-01T12:00:00Z, 2025-05-01T14:00:00+02:00) or a duration ago (90s, 10m, 2h, 1h30m)\n',
    );
  });

  it('--json prints one document with every line', async () => {
    const r = await cli('logs', 'grafana', '--json', '-n', '2');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { project: string; services: string[]; lines: { service: string; container: string; stream: string; time: string; line: string }[] };
    expect(doc.project).toBe(stack.project);
    expect(doc.services).toEqual(['grafana']);
    expect(doc.lines).toHaveLength(2);
    expect(doc.lines[1]).toMatchObject({ service: 'grafana', container: `${stack.project}-grafana-1`, stream: 'stdout', line: 'GRAFANA STAND-IN: listening on :3000' });
    expect(doc.lines[1]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it('logs -f follows grafana across a restart without repeating a line, and Ctrl-C ends it with exit 0', async () => {
    const follower = spawnCli([...stack.args, 'logs', '-f', 'grafana']);
    try {
      await follower.waitFor('the first start-up', (out) => out.includes('GRAFANA STAND-IN: listening on :3000'));
      const restart = await cli('restart', 'grafana', '--no-wait');
      expect(restart.code, restart.stderr).toBe(0);
      await follower.waitFor('the second start-up', (out) => count(out, 'GRAFANA STAND-IN: listening on :3000') === 2);
      const out = follower.stdout();
      // The start-up lines appear twice, before and after the restart; what was shown before is not repeated.
      expect(count(out, 'grafana | GRAFANA STAND-IN: not Grafana')).toBe(2);
      expect(count(out, 'GRAFANA STAND-IN: created /var/lib/grafana/grafana.db')).toBe(1);
      expect(count(out, 'GRAFANA STAND-IN: reusing /var/lib/grafana/grafana.db')).toBe(1);
      expect(count(out, 'GRAFANA STAND-IN: stopping')).toBe(1);
      expect(out.split('\n').filter(Boolean).every((l) => l.startsWith('grafana | '))).toBe(true);
      const sent = Date.now();
      follower.child.kill('SIGINT');
      expect(await follower.exited).toBe(0);
      expect(Date.now() - sent).toBeLessThan(3_000);
      expect(follower.stderr()).not.toContain('error');
    } finally {
      follower.child.kill('SIGKILL');
    }
  });

  it('logs -f --json streams JSON Lines and ends on SIGTERM with exit 0', async () => {
    const follower = spawnCli([...stack.args, 'logs', 'grafana', 'alertmanager', '--follow', '--json', '--tail', '1']);
    try {
      await follower.waitFor('a line of each service', (out) => out.includes('"service":"grafana"') && out.includes('"service":"alertmanager"'));
      follower.child.kill('SIGTERM');
      expect(await follower.exited).toBe(0);
      const docs = follower.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as { service: string; line: string });
      expect(docs.map((d) => d.service).sort()).toEqual(['alertmanager', 'grafana']);
    } finally {
      follower.child.kill('SIGKILL');
    }
  });
});
