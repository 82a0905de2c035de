import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** No engine listens there, and a fresh state directory: nothing a test does can reach a real stack. */
function isolated(): { env: Record<string, string>; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ish-cli-upgrade-'));
  const file = join(dir, 'docker-compose.yml');
  writeFileSync(file, 'name: p\nservices:\n  prometheus:\n    image: ${PROMETHEUS_IMAGE:-prom/prometheus:v3.5.0}\n  grafana:\n    image: grafana/grafana:12.0.0\n');
  return { env: { DOCKER_HOST: 'tcp://127.0.0.1:1', XDG_STATE_HOME: join(dir, 'state') }, file };
}

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('upgrade and history: bad input is refused before the engine is asked (exit 64)', () => {
  const cases: [string, string[], string][] = [
    ['--rollback with --set', ['upgrade', '--rollback', '--set', 'prometheus=x:1'], '--rollback takes no --to, --set or --dry-run'],
    ['a malformed --set', ['upgrade', '--set', 'prometheus'], '--set "prometheus" is not service=image:tag'],
    ['an unknown service in --set', ['upgrade', '--set', 'promethus=x:1'], 'unknown service "promethus"'],
    ['an image not behind its variable', ['upgrade', '--set', 'grafana=grafana/grafana:12.1.0'], 'the image of service grafana'],
    ['--rollback with nothing recorded', ['upgrade', '--rollback'], 'project p has no recorded upgrade to roll back'],
    ['a zero --timeout', ['upgrade', '--timeout', '0'], '--timeout must be a positive whole number'],
    ['--restore-data-on-rollback with --no-backup', ['upgrade', '--no-backup', '--restore-data-on-rollback', '--yes'], '--restore-data-on-rollback needs the backup --no-backup skips'],
    ['a zero -n', ['history', '-n', '0'], '-n must be a positive whole number'],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const { env, file } = isolated();
      const r = await runCli(['-f', file, ...args], env);
      expect(r.code, r.stderr).toBe(64);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(errorLines(r.stderr)[0]).toContain(message);
    });
  }

  it('history of a project with nothing recorded says so (exit 0)', async () => {
    const { env, file } = isolated();
    const r = await runCli(['-f', file, 'history'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('project p: no deploy or upgrade recorded yet\n');
    const json = await runCli(['-f', file, 'history', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({ project: 'p', entries: [] });
  });
});
