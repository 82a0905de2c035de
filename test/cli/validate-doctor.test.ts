import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const repo = new URL('../..', import.meta.url).pathname;
/** A DOCKER_HOST where nothing listens: validate falls back to the tools on PATH. */
const noEngine = { DOCKER_HOST: 'tcp://127.0.0.1:1' };
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('validate and doctor without an engine', () => {
  let dir: string;
  let args: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ish-cli-validate-'));
    cpSync(join(repo, 'compose'), join(dir, 'compose'), { recursive: true, filter: (src) => !/[/\\](\.env|secrets)$/.test(src) });
    cpSync(join(repo, 'monitoring'), join(dir, 'monitoring'), { recursive: true });
    args = ['-f', join(dir, 'compose', 'docker-compose.monitoring.yml')];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validate runs promtool, amtool and blackbox_exporter from PATH: exit 0, every check passes', async () => {
    const r = await runCli([...args, '--json', 'validate'], noEngine);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; checks: { name: string; level: string; via?: string; cached?: boolean }[] };
    expect(doc.checks.filter((c) => c.level !== 'pass')).toEqual([]);
    const tools = doc.checks.filter((c) => /^(promtool|amtool|blackbox)/.test(c.name));
    expect(tools).toHaveLength(4);
    for (const t of tools) expect(t.cached || t.via?.startsWith('host /')).toBeTruthy();
  });

  it('a broken blackbox.yml: exit 65 with file and line', async () => {
    const file = join(dir, 'monitoring', 'blackbox', 'blackbox.yml');
    writeFileSync(file, 'modules:\n  http_2xx:\n    prober: http\n    bogus: 1\n');
    const r = await runCli([...args, 'validate'], noEngine);
    expect(r.code, r.stderr).toBe(65);
    expect(r.stdout).toContain(`${file}:4: field bogus not found in type config.plain`);
  });

  it('doctor without an engine: exit 2, the engine check fails with the fix', async () => {
    const r = await runCli([...args, 'doctor'], noEngine);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/^fail {2}docker engine {2}Docker engine not reachable at tcp:\/\/127\.0\.0\.1:1/m);
    expect(r.stdout).toMatch(/fix: start the engine/);
  });

  it('bad flags: one line, exit 64', async () => {
    for (const argv of [['validate', '--tools', 'nowhere'], ['doctor', '--min-memory', 'lots'], ['doctor', '--resources', 'maybe']]) {
      const r = await runCli([...args, ...argv], noEngine);
      expect(r.code, argv.join(' ')).toBe(64);
      expect(errorLines(r.stderr)).toHaveLength(1);
    }
  });
});
