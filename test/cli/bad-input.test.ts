import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const shipped = readFileSync(new URL('../../compose/docker-compose.monitoring.yml', import.meta.url), 'utf8');

/** Writes a compose file into a fresh directory and returns its path. */
function composeFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ish-cli-'));
  const file = join(dir, 'docker-compose.yml');
  writeFileSync(file, text);
  return file;
}

/** A DOCKER_HOST where nothing listens: any test that reached the engine would fail differently. */
const noEngine = { DOCKER_HOST: 'tcp://127.0.0.1:1' };

/** The non-empty lines of stderr: every bad input must be explained in one line plus a hint. */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('bad input: one-line error, documented exit code, nothing touched', () => {
  it('invalid YAML names file and line (exit 65)', async () => {
    const f = composeFile('services:\n  prometheus:\n    image: x\n   bad-indent: [\n');
    const r = await runCli(['-f', f, 'deploy'], noEngine);
    expect(r.code).toBe(65);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
  });

  it('an unknown key names file, line and key (exit 65)', async () => {
    const f = composeFile('services:\n  prometheus:\n    image: x\n    imagee: y\n');
    const r = await runCli(['-f', f, 'deploy', '--dry-run'], noEngine);
    expect(r.code).toBe(65);
    expect(errorLines(r.stderr)[0]).toContain(`${f}:4`);
    expect(errorLines(r.stderr)[0]).toContain('imagee');
  });

  it('an unset required variable names it and its message (exit 65)', async () => {
    const f = composeFile('services:\n  prometheus:\n    image: ${PROM_IMAGE:?set PROM_IMAGE to the image to run}\n');
    const r = await runCli(['-f', f, 'status'], noEngine);
    expect(r.code).toBe(65);
    expect(errorLines(r.stderr)[0]).toContain('PROM_IMAGE');
    expect(errorLines(r.stderr)[0]).toContain('set PROM_IMAGE to the image to run');
    expect(errorLines(r.stderr)[0]).toContain(`${f}:3`);
  });

  it('a bad healthcheck duration names the value and line (exit 65)', async () => {
    const f = composeFile('services:\n  prometheus:\n    image: x\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10 seconds\n');
    const r = await runCli(['-f', f, 'deploy'], noEngine);
    expect(r.code).toBe(65);
    expect(errorLines(r.stderr)[0]).toContain(`${f}:6`);
    expect(errorLines(r.stderr)[0]).toContain('10 seconds');
  });

  it('a missing --env-file names the path (exit 66), where Node 20 alone would take the option for its own', async () => {
    const r = await runCli(['--env-file', '/nonexistent/ish.env', 'status'], noEngine);
    expect(r.code).toBe(66);
    expect(errorLines(r.stderr)).toEqual(['error: env file /nonexistent/ish.env not found']);
  });

  it('a missing compose file names the path (exit 66)', async () => {
    const r = await runCli(['-f', '/nonexistent/compose.yml', 'status']);
    expect(r.code).toBe(66);
    expect(errorLines(r.stderr)[0]).toContain('/nonexistent/compose.yml');
  });

  it('an unknown service for restart lists the valid names (exit 64)', async () => {
    const r = await runCli(['restart', 'promethues'], noEngine);
    expect(r.code).toBe(64);
    expect(errorLines(r.stderr)[0]).toContain('"promethues"');
    expect(r.stderr).toContain('prometheus, alertmanager, grafana, node-exporter, blackbox-exporter');
  });

  it('an unknown profile, from --profile or COMPOSE_PROFILES, is a usage error with the near one and the known ones (exit 64)', async () => {
    const flag = await runCli(['deploy', '--profile', 'exporter', '--dry-run'], noEngine);
    expect(flag.code).toBe(64);
    expect(errorLines(flag.stderr)).toEqual(['error: unknown profile "exporter" (from --profile or COMPOSE_PROFILES): did you mean "exporters"?']);
    expect(flag.stderr).toContain('exporters, logs, longterm, simulator');
    const env = await runCli(['status'], { ...noEngine, COMPOSE_PROFILES: 'exporters,nosuch' });
    expect(env.code).toBe(64);
    expect(errorLines(env.stderr)[0]).toContain('unknown profile "nosuch"');
    expect((await runCli(['deploy', '--profile', 'exporters', '--profile', '*', '--dry-run'], noEngine)).stderr).not.toContain('unknown profile');
  });

  it('a bad option value is a usage error (exit 64)', async () => {
    const r = await runCli(['deploy', '--wait-timeout', 'soon'], noEngine);
    expect(r.code).toBe(64);
    expect(errorLines(r.stderr)[0]).toContain('--wait-timeout must be a positive whole number');
  });

  it('an unreachable DOCKER_HOST makes deploy exit 69 naming the host', async () => {
    const r = await runCli(['deploy'], noEngine);
    expect(r.code).toBe(69);
    expect(errorLines(r.stderr)).toEqual(['error: Docker engine not reachable at tcp://127.0.0.1:1: ECONNREFUSED']);
    expect(r.stderr).toContain('hint:');
    expect(r.stdout).toBe('');
  });

  it('an unreachable engine makes status exit 3 (unknown) with one JSON document', async () => {
    const r = await runCli(['status', '--json'], noEngine);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ status: 'unknown', exitCode: 3, engine: { endpoint: 'tcp://127.0.0.1:1', reachable: false } });
  });

  it('never prints a stack trace without --verbose', async () => {
    const f = composeFile(shipped.replace('restart: unless-stopped', 'restart: sometimes'));
    const r = await runCli(['-f', f, 'deploy'], noEngine);
    expect(r.code).toBe(65);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('commands and help', () => {
  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help lists all seven commands and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['deploy', 'stop', 'restart', 'logs', 'status', 'cleanup', 'backup']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toMatch(/2\s+status: critical/);
  });

  it('cleanup has full help; --volumes without a terminal and without --yes refuses before touching the engine (exit 64)', async () => {
    const help = await runCli(['cleanup', '--help']);
    expect(help.code).toBe(0);
    for (const o of ['--volumes', '--images', '--yes', '--dry-run', '--timeout']) expect(help.stdout).toContain(o);
    expect(help.stdout).toContain('ish-monitor backup');
    const r = await runCli(['cleanup', '--volumes'], noEngine);
    expect(r.code).toBe(64);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(errorLines(r.stderr)[0]).toContain('--yes');
    expect(r.stdout).toBe('');
    expect((await runCli(['cleanup'], noEngine)).code).toBe(69);
  });

  it('backup has full help with its verify and list subcommands; bad input is one line with its own exit code', async () => {
    const help = await runCli(['backup', '--help']);
    expect(help.code).toBe(0);
    for (const o of ['--output', '--services', '--compression', '--stop', 'verify', 'list']) expect(help.stdout).toContain(o);
    // zstd streams through the host's program: without it on PATH (only what the launcher needs), a one-line refusal.
    const bare = mkdtempSync(join(tmpdir(), 'ish-cli-path-'));
    for (const tool of ['dirname', 'readlink']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bare, tool));
    symlinkSync(process.execPath, join(bare, 'node'));
    const zstd = await runCli(['backup', '--compression', 'zstd'], { ...noEngine, PATH: bare });
    expect(zstd.code).toBe(64);
    expect(errorLines(zstd.stderr)).toEqual(['error: --compression zstd needs the zstd program, which is not on PATH']);
    expect((await runCli(['backup', '--compression', 'zstd'], noEngine)).code).toBe(69);
    const engine = await runCli(['backup'], noEngine);
    expect(engine.code).toBe(69);
    expect(errorLines(engine.stderr)).toHaveLength(1);
    const missing = await runCli(['backup', 'verify', '/nonexistent/x.tar.gz']);
    expect(missing.code).toBe(66);
    expect(errorLines(missing.stderr)).toEqual(['error: backup file /nonexistent/x.tar.gz does not exist']);
    const noDir = await runCli(['backup', 'list', '--dir', '/nonexistent']);
    expect(noDir.code).toBe(66);
    expect(errorLines(noDir.stderr)).toHaveLength(1);
  });

  it('restore and backup prune: refusals before anything is touched, one line each', async () => {
    const archive = composeFile('not read: the confirmation is refused first');
    const noYes = await runCli(['restore', archive], noEngine);
    expect(noYes.code).toBe(64);
    expect(errorLines(noYes.stderr)[0]).toContain('add --yes');
    // A missing file is named first, with or without --yes: not "add --yes", then "no such file".
    for (const yes of [[], ['--yes']]) {
      const missing = await runCli(['restore', '/nonexistent/x.tar.gz', ...yes], noEngine);
      expect(missing.code).toBe(66);
      expect(errorLines(missing.stderr)).toEqual(['error: backup file /nonexistent/x.tar.gz does not exist']);
    }
    // Not an archive of ours, with --yes: named from its first bytes, before the engine is asked (none listens here).
    const dir = mkdtempSync(join(tmpdir(), 'ish-cli-'));
    const notTar = join(dir, 'random.tar');
    writeFileSync(notTar, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 251)));
    const foreign = join(dir, 'foreign.tar');
    execFileSync('tar', ['-cf', foreign, '-C', dir, 'random.tar']);
    for (const [file, reason] of [
      [notTar, '(start of archive): not an ish-monitor backup archive'],
      [foreign, 'random.tar: the first member should be ish-monitor-backup.json: not an ish-monitor backup'],
    ] as const) {
      const r = await runCli(['restore', file, '--yes'], noEngine);
      expect(r.code, r.stderr).toBe(73);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(errorLines(r.stderr)[0]).toContain(`error: backup ${file} is damaged: ${reason}`);
    }
    const noRule = await runCli(['backup', 'prune']);
    expect(noRule.code).toBe(64);
    expect(errorLines(noRule.stderr)).toEqual(['error: backup prune needs --keep N and/or --older-than AGE']);
    const badAge = await runCli(['backup', 'prune', '--older-than', '30x']);
    expect(badAge.code).toBe(64);
    expect(errorLines(badAge.stderr)).toHaveLength(1);
  });

  it('a reader that closes the pipe early (| head -1) gets no stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const { cliPath } = await import('../support/run-cli.js');
    const child = spawn(cliPath, ['--help'], { env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Closed before the CLI writes anything: its first write meets a broken pipe.
    child.stdout.destroy();
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('an unknown command is a usage error (exit 64)', async () => {
    const r = await runCli(['deplyo']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("unknown command 'deplyo'");
  });
});
