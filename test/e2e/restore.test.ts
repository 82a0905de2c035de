import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksOf } from '../../src/backup/archive-writer.js';
import { backupInto, copyWithFlippedByte, errorLines, running, startedAt, waitForSamples } from '../support/backup-checks.js';
import { containerIds, docker, projectResources } from '../support/docker-cli.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { withExtraMember } from '../support/tamper-archive.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const grafanaDb = '/var/lib/grafana/grafana.db';
const recordedMetrics = ['up', 'scrape_samples_scraped', 'scrape_duration_seconds'];

describe('restore on a real engine', () => {
  let stack: TestStack;
  let out: string;
  let env: Record<string, string>;
  let archive = '';
  const cli = (...args: string[]) => runCli([...stack.args, ...args], env);
  const ids = () => containerIds(stack.project);
  const api = (port: number, path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init).then((r) => r.json() as Promise<unknown>);
  /** Every recorded series with its sample count over the hour before `at` (fixed: later scrapes do not change it). */
  const seriesCounts = async (at: number) => {
    const lines: string[] = [];
    for (const name of recordedMetrics) {
      const query = encodeURIComponent(`count_over_time(${name}[1h])`);
      const doc = (await api(stack.ports.prometheus, `/api/v1/query?query=${query}&time=${at}`)) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      lines.push(...doc.data.result.map((r) => `${name}${JSON.stringify(r.metric)} ${r.value[1]}`));
    }
    return lines.sort();
  };
  const grafanaBytes = () => docker('exec', ids().grafana!, 'cat', grafanaDb);
  const silences = async () => ((await api(stack.ports.alertmanager, '/api/v2/silences')) as { id: string; comment: string; status: { state: string } }[]).filter((s) => s.status.state === 'active');
  /** What a refused restore must leave exactly as it was (no extracted directory left in Grafana's volume either). */
  const engineState = () => ({
    resources: projectResources(stack.project),
    started: Object.values(ids()).map(startedAt),
    grafana: grafanaBytes(),
    grafanaFiles: docker('exec', ids().grafana!, 'ls', '-a', '/var/lib/grafana'),
  });

  beforeAll(async () => {
    stack = await createTestStack('restore');
    out = join(stack.dir, 'backups');
    mkdirSync(out);
    env = { XDG_CACHE_HOME: join(stack.dir, 'cache') };
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    // Scraping for a while: some series has at least three samples.
    await waitForSamples(stack.ports.prometheus, 'count_over_time(up[1h])', 3, 90_000);
  });
  afterAll(() => stack?.destroy());

  it('round trip: backup, cleanup --volumes, restore: same series and sample counts, identical Grafana bytes, the silence present', async () => {
    const at = Math.floor(Date.now() / 1000) - 2;
    const series = await seriesCounts(at);
    expect(series.length).toBeGreaterThan(0);
    expect(series.some((s) => Number(s.split(' ').pop()) >= 2)).toBe(true);
    const bytes = grafanaBytes();
    expect(bytes).toContain('GRAFANA STAND-IN database marker');
    const silence = (await api(stack.ports.alertmanager, '/api/v2/silences', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: [{ name: 'alertname', value: 'RestoreRoundTrip', isRegex: false }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), createdBy: 'e2e', comment: 'restore round trip' }),
    })) as { silenceID: string };
    expect(silence.silenceID).toBeTruthy();

    archive = await backupInto(cli, out);
    const c = await cli('cleanup', '--volumes', '--yes');
    expect(c.code, c.stderr).toBe(0);
    expect(projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });

    const r = await cli('restore', archive, '--yes', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { deployed: boolean; volumes: { volume: string; created: boolean }[] };
    expect(doc.deployed).toBe(true);
    expect(doc.volumes.map((v) => [v.volume, v.created])).toEqual([
      ['alertmanager_data', true],
      ['grafana_data', true],
      ['prometheus_data', true],
    ]);
    // No fresh (staging) volume and no helper container is left.
    expect(projectResources(stack.project).volumes.sort()).toEqual(['alertmanager_data', 'grafana_data', 'prometheus_data'].map((v) => `${stack.project}_${v}`));
    expect(docker('ps', '-a', '--filter', `label=com.docker.compose.project=${stack.project}`, '--filter', 'label=com.docker.compose.oneoff=True', '-q')).toBe('');
    expect(await seriesCounts(at)).toEqual(series);
    expect(grafanaBytes()).toBe(bytes);
    expect((await silences()).map((s) => s.id)).toContain(silence.silenceID);
  });

  it('refuses a truncated archive, a flipped byte, a `../` member and a symlink escape, naming the member; nothing changes', async () => {
    const plainArchive = await backupInto(cli, join(stack.dir, 'plain'), '--services', 'grafana', '--compression', 'none');
    const before = engineState();

    const truncated = join(stack.dir, 'truncated.tar.gz');
    copyFileSync(archive, truncated);
    truncateSync(truncated, Math.floor(statSync(truncated).size / 2));
    const flipped = join(stack.dir, 'flipped.tar');
    copyWithFlippedByte(plainArchive, flipped, readFileSync(plainArchive).indexOf('GRAFANA STAND-IN database marker') + 3);
    const dotdot = join(stack.dir, 'dotdot.tar');
    const evil = Buffer.from('owned\n');
    await withExtraMember(plainArchive, dotdot, 'volumes/grafana_data/', { fields: { path: 'volumes/grafana_data/../../evil', type: 'File', size: evil.length, mode: 0o644, mtime: new Date() }, body: chunksOf(evil) });
    const symlink = join(stack.dir, 'symlink.tar');
    await withExtraMember(plainArchive, symlink, 'volumes/grafana_data/', { fields: { path: 'volumes/grafana_data/escape', type: 'SymbolicLink', size: 0, mode: 0o777, mtime: new Date(), linkpath: '../../../../etc' } });

    const cases: [string, RegExp][] = [
      [truncated, new RegExp(`^error: backup ${truncated} is damaged: \\S+: `)],
      [flipped, new RegExp(`^error: backup ${flipped} is damaged: volumes/grafana_data/grafana\\.db: SHA-256 does not match the manifest$`)],
      [dotdot, new RegExp(`^error: refusing to restore ${dotdot}: volumes/grafana_data/\\.\\./\\.\\./evil: path contains "\\.\\."$`)],
      [symlink, new RegExp(`^error: refusing to restore ${symlink}: volumes/grafana_data/escape: symbolic link to \\.\\./\\.\\./\\.\\./\\.\\./etc points out of the volume$`)],
    ];
    for (const [file, message] of cases) {
      const r = await cli('restore', file, '--yes');
      expect(r.code, `${file}: ${r.stderr}`).toBe(73);
      expect(errorLines(r.stderr), file).toHaveLength(1);
      expect(errorLines(r.stderr)[0]).toMatch(message);
    }
    // Without a terminal and without --yes: refused before anything is read.
    const noYes = await cli('restore', plainArchive);
    expect(noYes.code).toBe(64);
    expect(errorLines(noYes.stderr)).toEqual(["error: restore replaces the data of the project's volumes and there is no terminal to confirm on: add --yes"]);
    expect(engineState()).toEqual(before);
  });

  it('on a terminal, Ctrl-C at the question (asked once the archive is read and extracted): exit 130, the extracted data removed, nothing changed', async () => {
    const small = await backupInto(cli, join(stack.dir, 'asked'), '--services', 'grafana', '--compression', 'none');
    const before = engineState();
    const command = [cliPath, ...stack.args, 'restore', small].join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    try {
      for (let i = 0; i < 240 && !out.includes('go ahead? [y/N] '); i++) await new Promise((r) => setTimeout(r, 250));
      expect(out).toContain(`into project ${stack.project}:`);
      expect(out).toMatch(/_grafana_data \(grafana\): replaced by \d+ entries/);
    } finally {
      // Whatever the assertions found, the run must end: it holds the project's lock.
      child.stdin.write('\x03');
    }
    expect(await exited, out).toBe(130);
    expect(out).toContain('interrupted by SIGINT: removing the extracted data');
    expect(engineState()).toEqual(before);
  });

  it('Ctrl-C during the extraction leaves the old data and the running service; a full restore of one service then replaces it', async () => {
    const grafana = ids().grafana!;
    // 96 MB of random data make the extraction last long enough to interrupt.
    docker('exec', grafana, 'sh', '-c', 'dd if=/dev/urandom of=/var/lib/grafana/filler bs=1M count=96 2>/dev/null');
    const big = await backupInto(cli, join(stack.dir, 'big'), '--services', 'grafana', '--compression', 'none');
    // The data changes after the backup: the old data a failed restore must leave is this.
    docker('exec', grafana, 'sh', '-c', 'echo after-backup > /var/lib/grafana/after-backup');
    const before = engineState();

    const events = spawn('docker', ['events', '--filter', 'type=container', '--filter', 'event=create', '--filter', `label=com.docker.compose.project=${stack.project}`, '--format', '{{.Actor.Attributes.name}}']);
    const child = spawn(cliPath, [...stack.args, 'restore', big, '--yes'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    events.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('restore-extract')) setTimeout(() => child.kill('SIGINT'), 300);
    });
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    events.kill();
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted by SIGINT');
    expect(engineState()).toEqual(before);
    expect(docker('exec', grafana, 'cat', '/var/lib/grafana/after-backup')).toBe('after-backup');
    expect(running(grafana)).toBe(true);

    const r = await cli('restore', big, '--services', 'grafana', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^restored .*: grafana_data; .* grafana started, ready$/m);
    expect(startedAt(grafana)).not.toBe(before.started[Object.keys(ids()).indexOf('grafana')]);
    expect(docker('exec', grafana, 'ls', '/var/lib/grafana')).not.toContain('after-backup');
    expect(docker('exec', grafana, 'sh', '-c', 'wc -c < /var/lib/grafana/filler')).toBe(String(96 << 20));
    expect(projectResources(stack.project).volumes).toHaveLength(3);
  });

  it('backup prune deletes only this project\'s archives (by header, not name), lists them, and --dry-run deletes nothing', async () => {
    const dir = join(stack.dir, 'prune');
    mkdirSync(dir);
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 1100)); // archive names have one-second resolution
      made.push(await backupInto(cli, dir, '--services', 'alertmanager'));
    }
    // Named like an archive of this project, but not one: prune must leave it, and the partial file.
    const lookalike = join(dir, `${stack.project}-20000101T000000Z.tar.gz`);
    writeFileSync(lookalike, 'not an archive');
    const partial = join(dir, `${stack.project}-20000102T000000Z.tar.gz.partial`);
    writeFileSync(partial, '');
    const names = () => readdirSync(dir).sort();
    const all = names();

    const dry = await cli('backup', 'prune', '--dir', dir, '--keep', '1', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n').filter((l) => l.startsWith('would delete /')).map((l) => l.split(' ')[2])).toEqual([made[1], made[0]]);
    expect(names()).toEqual(all);

    const r = await cli('backup', 'prune', '--dir', dir, '--keep', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { deleted: { file: string }[] }).deleted.map((d) => d.file)).toEqual([made[1], made[0]]);
    expect(names()).toEqual([lookalike, made[2]!, partial].map((f) => f.split('/').pop()).sort());

    const old = await cli('backup', 'prune', '--dir', dir, '--older-than', '30d');
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout).toMatch(/deleted 0 archives .*; 1 kept$/m);
    for (const bad of [[], ['--older-than', '30'], ['--keep', '0']]) {
      const u = await cli('backup', 'prune', '--dir', dir, ...bad);
      expect(u.code, bad.join(' ')).toBe(64);
      expect(errorLines(u.stderr), bad.join(' ')).toHaveLength(1);
    }
  });

  it('--compression zstd: a .tar.zst streamed through the zstd program, verified, restored; damage is named', async () => {
    const file = await backupInto(cli, join(stack.dir, 'zstd'), '--services', 'grafana', '--compression', 'zstd');
    expect(file).toMatch(/\.tar\.zst$/);
    // The zstd program itself accepts it (throws otherwise).
    execFileSync('zstd', ['-t', '-q', file]);
    const v = await cli('backup', 'verify', file);
    expect(v.code, v.stderr).toBe(0);
    // backup list reads only each archive's header: the zstd behind it is stopped, the command ends (it hung before).
    const l = await cli('backup', 'list', '--dir', dirname(file), '--json');
    expect(l.code, l.stderr).toBe(0);
    expect((JSON.parse(l.stdout) as { backups: { file: string; verified: string }[] }).backups).toEqual([expect.objectContaining({ file, verified: 'yes' })]);
    const bytes = grafanaBytes();
    const r = await cli('restore', file, '--services', 'grafana', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(grafanaBytes()).toBe(bytes);
    const bad = join(stack.dir, 'bad.tar.zst');
    copyWithFlippedByte(file, bad);
    const d = await cli('backup', 'verify', bad);
    expect(d.code).toBe(73);
    expect(errorLines(d.stderr)).toHaveLength(1);
    expect(errorLines(d.stderr)[0]).toMatch(/is damaged: \S+: /);
  });
});
