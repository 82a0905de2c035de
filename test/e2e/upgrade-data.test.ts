import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines } from '../support/backup-checks.js';
import { docker, projectResources } from '../support/docker-cli.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';
import { buildMigratingStandIn, localImage } from '../support/upgrade-target-image.js';

interface HistoryDoc {
  entries: { command: string; result: string; backup?: string; dataRestored?: string[]; error?: string }[];
}

/**
 * Data restore on rollback, with real containers: the GRAFANA STAND-IN keeps a data-format marker in
 * its volume; a newer stand-in (format 2) migrates it on boot and never becomes ready; the recorded
 * stand-in (format 1), put back by the rollback, refuses the migrated data.
 */
/** Each case backs up, waits out a never-ready version, rolls back and may restore: minutes on a loaded shared host. */
const slowTest = 480_000;

describe('upgrade: a rollback meets data the new version migrated (GRAFANA STAND-IN data format)', () => {
  let stack: TestStack;
  let env: Record<string, string>;
  let standIn = '';
  let migrating = '';
  let dataBefore = '';
  let containerBefore = '';
  let printedBackup = '';
  const cli = (...args: string[]) => runCli([...stack.args, ...args], env, slowTest);
  const volume = () => `${stack.project}_grafana_data`;
  /** Every file of the stand-in's data volume with its sha256: the bytes, compared whole. */
  const dataFiles = () =>
    docker('run', '--rm', '--network', 'none', '--user', '0', '--entrypoint', 'sh', '-v', `${volume()}:/d:ro`, standIn, '-c', 'cd /d && find . -type f | sort | while read -r f; do sha256sum "$f"; done');
  const format = () => docker('run', '--rm', '--network', 'none', '--user', '0', '--entrypoint', 'cat', '-v', `${volume()}:/d:ro`, standIn, '/d/stand-in-data-format');
  const grafana = () => docker('inspect', '--format', '{{.Id}} {{.Config.Image}}', `${stack.project}-grafana-1`).split(' ');
  // Bounded: while the container crash-loops, the engine's port proxy can accept and then hold a connection.
  const healthy = async () => (await fetch(`http://127.0.0.1:${stack.ports.grafana}/api/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined))?.status === 200;
  const lastHistory = async () => {
    const h = await cli('history', '--json');
    return (JSON.parse(h.stdout) as HistoryDoc).entries.at(-1)!;
  };
  /** Nothing left behind: the five service containers, no set-aside or helper container, no staging volume. */
  const expectNoLeftovers = () => {
    const r = projectResources(stack.project);
    expect(r.containers).toHaveLength(5);
    expect(r.containers.filter((n) => n.includes('-replaced-') || n.includes('restore'))).toEqual([]);
    expect(r.volumes.filter((v) => v.includes('-restore-'))).toEqual([]);
  };

  beforeAll(async () => {
    standIn = localImage('GRAFANA_IMAGE');
    migrating = buildMigratingStandIn(standIn);
    stack = await createTestStack('upgdata');
    env = { XDG_STATE_HOME: join(stack.dir, 'state') };
    const deployed = await cli('deploy');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(format()).toBe('1');
    dataBefore = dataFiles();
    containerBefore = grafana()[0]!;
  });
  afterAll(() => stack?.destroy());

  it('without agreement: nothing restored, exit 79, the message names the backup and the restore command; status says so', async () => {
    const backups = join(stack.dir, 'backups-1');
    mkdirSync(backups);
    const r = await cli('upgrade', '--set', `grafana=${migrating}`, '--yes', '--backup-dir', backups, '--timeout', '30');
    expect(r.code, r.stderr).toBe(79);
    const [error] = errorLines(r.stderr);
    expect(error).toContain(`upgrade failed at grafana (${migrating}): grafana did not become ready within 30 s`);
    expect(error).toContain("rolled back; grafana does not become ready on its recorded version with the data the new version left; its data was not restored without the operator's agreement");
    const backup = /restore the data of before the upgrade: `ish-monitor restore (\S+) --services grafana`/.exec(r.stderr)?.[1];
    expect(backup, r.stderr).toMatch(new RegExp(`^${backups}/.+\\.tar\\.gz$`));
    // The evidence: the recorded stand-in's own refusal, in its last log lines.
    expect(r.stderr).toContain('says data format 2, newer than this version\'s 1');
    // Nothing restored: the data is as the new version left it; the recorded container is back, refusing it.
    expect(format()).toBe('2');
    expect(grafana()).toEqual([containerBefore, standIn]);
    expect(await healthy()).toBe(false);
    expect(await lastHistory()).toMatchObject({ command: 'upgrade', result: 'rolled-back', backup });
    expect((await lastHistory()).dataRestored).toBeUndefined();

    const status = await cli('status', '--json');
    // grafana crash-loops: critical, or degraded when status catches it between a restart and its exit.
    expect([1, 2], status.stdout).toContain(status.code);
    const doc = JSON.parse(status.stdout) as { upgrade?: { state: string; hint: string }; services: { service: string; level: string }[] };
    expect(doc.services.find((s) => s.service === 'grafana')?.level).not.toBe('ok');
    expect(doc.upgrade).toMatchObject({ state: 'data-refused', hint: `restore the data of before the upgrade: \`ish-monitor restore ${backup} --services grafana\`` });
    expect((await cli('status')).stdout).toContain('upgrade: the upgrade started at ');
    printedBackup = backup!;
  }, slowTest);

  it('the printed restore command recovers: the pre-upgrade bytes, the recorded stand-in ready, status follows', async () => {
    const restore = await cli('restore', printedBackup, '--services', 'grafana', '--yes');
    expect(restore.code, restore.stderr).toBe(0);
    expect(dataFiles()).toBe(dataBefore);
    expect(await healthy()).toBe(true);
    expect((JSON.parse((await cli('status', '--json')).stdout) as { upgrade?: { state: string } }).upgrade?.state).toBe('rolled-back');
    expectNoLeftovers();
  }, slowTest);

  it('with --restore-data-on-rollback: the data of before, the recorded stand-in ready, exit 78, history records it', async () => {
    const backups = join(stack.dir, 'backups-2');
    mkdirSync(backups);
    const r = await cli('upgrade', '--set', `grafana=${migrating}`, '--yes', '--restore-data-on-rollback', '--backup-dir', backups, '--timeout', '30');
    expect(r.code, r.stderr).toBe(78);
    const [error] = errorLines(r.stderr);
    const backup = /the data of grafana was restored from (\S+) \(/.exec(error ?? '')?.[1];
    expect(backup, r.stderr).toMatch(new RegExp(`^${backups}/.+\\.tar\\.gz$`));
    expect(format()).toBe('1');
    expect(dataFiles()).toBe(dataBefore);
    expect(grafana()).toEqual([containerBefore, standIn]);
    expect(await healthy()).toBe(true);
    expect(await lastHistory()).toMatchObject({ command: 'upgrade', result: 'rolled-back', backup, dataRestored: ['grafana'] });
    expect((await cli('history')).stdout).toContain('    data restored from the backup: grafana');
    expectNoLeftovers();
  }, slowTest);

  it('upgrade --rollback --restore-data-on-rollback after a finished upgrade that migrated the data: the data of before, exit 0', async () => {
    const backups = join(stack.dir, 'backups-3');
    mkdirSync(backups);
    const up = await cli('upgrade', '--set', `grafana=${buildMigratingStandIn(standIn, true)}`, '--yes', '--backup-dir', backups, '--json');
    expect(up.code, up.stderr).toBe(0);
    const backup = (JSON.parse(up.stdout) as { backup: string }).backup;
    expect(format()).toBe('2');
    const r = await cli('upgrade', '--rollback', '--restore-data-on-rollback');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`data restored from ${backup}: grafana (their recorded version refused the data the new version left)`);
    expect(dataFiles()).toBe(dataBefore);
    expect(grafana()[1]).toBe(standIn);
    expect(await healthy()).toBe(true);
    expect(await lastHistory()).toMatchObject({ command: 'rollback', result: 'ok', dataRestored: ['grafana'] });
    expectNoLeftovers();
  }, slowTest);

  it('on a terminal (a pty through script(1)) the operator is asked, with the evidence, and y restores: exit 78', async () => {
    const backups = join(stack.dir, 'backups-4');
    mkdirSync(backups);
    const command = [cliPath, ...stack.args, 'upgrade', '--set', `grafana=${migrating}`, '--backup-dir', backups, '--timeout', '30'].join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    const answer = async (question: string) => {
      for (let i = 0; i < 1200 && !out.includes(question); i++) await sleep(250);
      expect(out).toContain(question);
      child.stdin.write('y\n');
    };
    await answer('upgrade these services? [y/N] ');
    await answer(`restore the data of grafana from ${backups}/`);
    expect(await exited, out).toBe(78);
    expect(out).toContain('back on their recorded version, grafana did not become ready on the data the new version left:');
    expect(out).toContain("says data format 2, newer than this version's 1");
    expect(out).toContain('restoring puts back their data from');
    expect(dataFiles()).toBe(dataBefore);
    expect(await healthy()).toBe(true);
    expect(await lastHistory()).toMatchObject({ command: 'upgrade', result: 'rolled-back', dataRestored: ['grafana'] });
    expectNoLeftovers();
  }, slowTest);

  it('an upgrade moves a crash-looping service forward (the engine cannot rename it mid-restart): exit 0, ready, no leftovers', async () => {
    // The recorded stand-in crash-loops on data a newer version wrote: the case an operator upgrades to fix.
    docker('run', '--rm', '--network', 'none', '--user', '0', '--entrypoint', 'sh', '-v', `${volume()}:/d`, standIn, '-c', 'echo 2 > /d/stand-in-data-format');
    docker('restart', `${stack.project}-grafana-1`);
    for (let i = 0; i < 120 && docker('inspect', '--format', '{{.RestartCount}}', `${stack.project}-grafana-1`) === '0'; i++) await sleep(500);
    expect(await healthy()).toBe(false);
    const reader = buildMigratingStandIn(standIn, true);
    const r = await cli('upgrade', '--set', `grafana=${reader}`, '--yes', '--no-backup', '--timeout', '60');
    expect(r.code, r.stderr).toBe(0);
    expect(grafana()[1]).toBe(reader);
    expect(await healthy()).toBe(true);
    expect(await lastHistory()).toMatchObject({ command: 'upgrade', result: 'ok' });
    expectNoLeftovers();
  }, slowTest);
});
