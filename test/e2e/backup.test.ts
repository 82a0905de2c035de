import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWithFlippedByte, errorLines, running, startedAt, waitForSamples } from '../support/backup-checks.js';
import { containerIds, docker } from '../support/docker-cli.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

interface BackupDoc {
  file: string;
  services: { service: string; method: string; volumes: string[]; restarted: boolean }[];
  volumes: { volume: string; entries: number; bytes: number }[];
  verified: boolean;
}

describe('backup, backup verify and backup list on a real engine', () => {
  let stack: TestStack;
  let out: string;
  let env: Record<string, string>;
  let ids: Record<string, string> = {};
  let archive = '';
  const cli = (...args: string[]) => runCli([...stack.args, ...args], env);

  beforeAll(async () => {
    stack = await createTestStack('backup');
    out = join(stack.dir, 'backups');
    mkdirSync(out);
    env = { XDG_CACHE_HOME: join(stack.dir, 'cache') };
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    ids = containerIds(stack.project);
    // Prometheus has data: its own `up` series has samples.
    await waitForSamples(stack.ports.prometheus, 'up', 0, 30_000);
  });
  afterAll(() => stack?.destroy());

  it('backup writes one verified 0600 archive, consistent per service, and starts stopped services again', async () => {
    const before = { prometheus: startedAt(ids.prometheus!), alertmanager: startedAt(ids.alertmanager!), grafana: startedAt(ids.grafana!) };
    const r = await cli('backup', '--output', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as BackupDoc;
    archive = doc.file;
    expect(archive.startsWith(out)).toBe(true);
    expect(archive).toMatch(new RegExp(`/${stack.project}-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
    expect(readdirSync(out)).toEqual([archive.split('/').pop()]);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(doc.verified).toBe(true);
    expect(doc.services.map((s) => [s.service, s.method, s.restarted])).toEqual([
      ['alertmanager', 'stopped-during-copy', true],
      ['grafana', 'stopped-during-copy', true],
      ['prometheus', 'tsdb-snapshot', false],
    ]);
    // Stopped and started again: running, with a new start time; Prometheus untouched.
    for (const s of ['alertmanager', 'grafana'] as const) {
      expect(running(ids[s]!), s).toBe(true);
      expect(startedAt(ids[s]!), s).not.toBe(before[s]);
    }
    expect(startedAt(ids.prometheus!)).toBe(before.prometheus);
    // The snapshot was deleted.
    expect(docker('exec', ids.prometheus!, 'ls', '-A', '/prometheus/snapshots')).toBe('');
    // A standard tar reads it; the layout is as documented.
    const members = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter(Boolean);
    expect(members[0]).toBe('ish-monitor-backup.json');
    expect(members.slice(-2)).toEqual(['manifest.json', 'manifest.json.sha256']);
    expect(members).toContain('config/compose/docker-compose.monitoring.yml');
    expect(members).toContain('config/monitoring/prometheus/prometheus.yml');
    expect(members.some((m) => m.includes('secrets'))).toBe(false);
    expect(members).toContain('volumes/grafana_data/grafana.db');
    expect(members.some((m) => m.startsWith('volumes/grafana_data/dashboards'))).toBe(false);
    expect(members.some((m) => /^volumes\/prometheus_data\/[0-9A-Z]{26}\/meta\.json$/.test(m))).toBe(true);
    expect(members.some((m) => m.startsWith('volumes/alertmanager_data/'))).toBe(true);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', archive, 'manifest.json'], { encoding: 'utf8' })) as { entries: { path: string; sha256: string }[]; serviceDetails: { imageId: string }[] };
    expect(manifest.entries).toHaveLength(members.length - 2);
    expect(manifest.serviceDetails.every((s) => s.imageId.startsWith('sha256:'))).toBe(true);
  });

  it('backup verify exits 0 on the archive, and backup list shows it verified', async () => {
    const v = await cli('backup', 'verify', archive);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^ok /);
    const l = await cli('backup', 'list', '--dir', out, '--json');
    expect(l.code, l.stderr).toBe(0);
    const doc = JSON.parse(l.stdout) as { backups: { file: string; verified: string; services: string[]; project: string }[] };
    expect(doc.backups).toHaveLength(1);
    expect(doc.backups[0]).toMatchObject({ file: archive, verified: 'yes', project: stack.project, services: ['alertmanager', 'grafana', 'prometheus'] });
    const text = await cli('backup', 'list', '--dir', out);
    expect(text.stdout).toContain(archive);
  });

  it('one flipped byte makes verify exit 73 naming the entry', async () => {
    // Uncompressed, so the flipped byte lands in a known member.
    const plainDir = join(stack.dir, 'plain');
    mkdirSync(plainDir);
    const r = await cli('backup', '--output', plainDir, '--services', 'grafana', '--compression', 'none', '--json');
    expect(r.code, r.stderr).toBe(0);
    const file = (JSON.parse(r.stdout) as BackupDoc).file;
    const bytes = readFileSync(file);
    const at = bytes.indexOf('GRAFANA STAND-IN database marker');
    expect(at).toBeGreaterThan(0);
    bytes[at + 3]! ^= 0x20;
    const bad = join(stack.dir, 'bad.tar');
    writeFileSync(bad, bytes);
    const v = await cli('backup', 'verify', bad);
    expect(v.code).toBe(73);
    expect(errorLines(v.stderr)).toEqual([`error: backup ${bad} is damaged: volumes/grafana_data/grafana.db: SHA-256 does not match the manifest`]);
    // Compressed: the damage is found and named too.
    const badGz = join(stack.dir, 'bad.tar.gz');
    copyWithFlippedByte(archive, badGz);
    const g = await cli('backup', 'verify', badGz);
    expect(g.code).toBe(73);
    expect(errorLines(g.stderr)).toHaveLength(1);
    expect(g.stderr).toMatch(/is damaged: \S+: /);
  });

  it('an output directory that does not exist: one-line error, exit 73, nothing stopped, nothing left', async () => {
    const before = startedAt(ids.alertmanager!);
    const missing = join(stack.dir, 'no', 'such', 'dir');
    const r = await cli('backup', '--output', missing);
    expect(r.code).toBe(73);
    expect(errorLines(r.stderr)).toEqual([`error: output directory ${missing} does not exist`]);
    const notADir = join(stack.dir, 'bad.tar');
    const f = await cli('backup', '--output', notADir);
    expect(f.code).toBe(73);
    expect(readdirSync(stack.dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(startedAt(ids.alertmanager!)).toBe(before);
  });

  // Mounting a tmpfs needs root (CAP_SYS_ADMIN): the e2e machines run as root; elsewhere this one is skipped, by name.
  it.skipIf(process.getuid?.() !== 0)('a full disk (a 32 KiB tmpfs, needs root): exit 73, no partial file, services running, snapshot deleted', async () => {
    const full = join(stack.dir, 'full');
    mkdirSync(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', full]);
    try {
      const r = await cli('backup', '--output', full);
      expect(r.code, r.stderr).toBe(73);
      expect(errorLines(r.stderr)).toHaveLength(1);
      expect(errorLines(r.stderr)[0]).toMatch(/^error: no space left writing .*\.partial: no archive written$/);
      expect(readdirSync(full)).toEqual([]);
    } finally {
      execFileSync('umount', [full]);
    }
    for (const s of ['prometheus', 'alertmanager', 'grafana']) expect(running(ids[s]!), s).toBe(true);
    expect(docker('exec', ids.prometheus!, 'ls', '-A', '/prometheus/snapshots')).toBe('');
  });

  it('on a terminal that reports no width (a pty never sized, as under `script`): the backup finishes and prints its summary line, no spinner', () => {
    const dir = join(stack.dir, 'on-terminal');
    mkdirSync(dir);
    const line = [cliPath, ...stack.args, 'backup', '--output', dir].map((a) => `'${a}'`).join(' ');
    // Colour and spinners allowed (no NO_COLOR, no CI): only the missing width keeps the spinner away.
    const r = spawnSync('script', ['-qec', line, '/dev/null'], { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...env } });
    expect(r.status, `${r.stdout.slice(-2000)}${r.error ?? ''}`).toBe(0);
    const [file] = readdirSync(dir);
    expect(file).toMatch(/\.tar\.gz$/);
    // The summary line alone: no spinner frames, no cursor movement.
    expect(r.stdout.trim()).toMatch(new RegExp(`^backup ${join(dir, file!)}: .*, verified, `));
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('Ctrl-C during a copy: exit 130, no archive and no partial file, stopped service running again', async () => {
    // 64 MB of random data make AlertManager's copy last long enough to interrupt.
    docker('exec', ids.alertmanager!, 'sh', '-c', 'dd if=/dev/urandom of=/alertmanager/filler bs=1M count=64 2>/dev/null');
    const dir = join(stack.dir, 'interrupted');
    mkdirSync(dir);
    const events = spawn('docker', ['events', '--filter', `container=${ids.alertmanager!}`, '--filter', 'event=die', '--format', '{{.Action}}']);
    const child = spawn(cliPath, [...stack.args, 'backup', '--output', dir], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    events.stdout.once('data', () => setTimeout(() => child.kill('SIGINT'), 200));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    events.kill();
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted by SIGINT');
    expect(readdirSync(dir)).toEqual([]);
    for (const s of ['prometheus', 'alertmanager', 'grafana']) expect(running(ids[s]!), s).toBe(true);
    expect(docker('exec', ids.prometheus!, 'ls', '-A', '/prometheus/snapshots')).toBe('');
  });
});
