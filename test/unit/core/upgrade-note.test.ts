import { describe, expect, it } from 'vitest';
import { upgradeNote } from '../../../src/core/upgrade-note.js';
import type { UpgradeRecord } from '../../../src/core/upgrade-record.js';
import { containerSummary } from '../../support/container-summary.js';

const record = (status: UpgradeRecord['status'], extra: Partial<UpgradeRecord> = {}): UpgradeRecord => ({
  project: 'p',
  startedAt: '2026-11-27T23:00:00.000Z',
  status,
  composeFile: '/c.yml',
  envPath: '/.env',
  profiles: [],
  envBefore: {},
  envAfter: {},
  services: [],
  added: [],
  ...extra,
});
const none = new Set<string>();

describe('upgradeNote: what status says about the last upgrade', () => {
  it('nothing after a finished upgrade, or with none recorded', () => {
    expect(upgradeNote(undefined, [], undefined, none)).toBeUndefined();
    expect(upgradeNote(record('done'), [], undefined, none)).toBeUndefined();
  });

  it('an upgrade holding the lock is running, not interrupted', () => {
    const note = upgradeNote(record('in-progress'), [], { pid: 42, host: 'h', command: 'upgrade', since: 'S' }, none);
    expect(note).toEqual({ state: 'running', message: '`upgrade` is running (pid 42 on h, since S): services may be between versions' });
  });

  it('a record still in progress with no run holding the lock: interrupted, recover with upgrade --rollback', () => {
    const note = upgradeNote(record('in-progress'), [containerSummary('prometheus', { name: 'p-prometheus-1-replaced-abc' })], { pid: 7, host: 'h', command: 'deploy', since: 'S' }, none);
    expect(note?.state).toBe('interrupted');
    expect(note?.message).toBe('the upgrade started at 2026-11-27T23:00:00.000Z did not finish: services may run a mix of old and new versions');
    expect(note?.hint).toContain('`ish-monitor upgrade --rollback`');
  });

  it('containers left aside after the record was closed are named', () => {
    const note = upgradeNote(record('done'), [containerSummary('grafana', { name: 'p-grafana-1-replaced-abc' })], undefined, none);
    expect(note).toMatchObject({ state: 'set-aside', message: 'old containers set aside by a replacement that did not finish: p-grafana-1-replaced-abc' });
    expect(note?.hint).toContain('upgrade --rollback');
  });

  it('a rollback whose recorded version refused its data names the restore command, until the service is ready again', () => {
    const r = record('rolled-back', { backup: '/b/p.tar.gz', data: { refused: ['grafana'], restored: [] } });
    const note = upgradeNote(r, [], undefined, none);
    expect(note?.state).toBe('data-refused');
    expect(note?.message).toContain('the recorded version of grafana refuses the data the new version left');
    expect(note?.hint).toBe('restore the data of before the upgrade: `ish-monitor restore /b/p.tar.gz --services grafana`');
    expect(upgradeNote(r, [], undefined, new Set(['grafana']))?.state).toBe('rolled-back');
  });

  it('a plain rollback, and one that restored data, is a fact', () => {
    expect(upgradeNote(record('rolled-back'), [], undefined, none)?.message).toBe('the upgrade started at 2026-11-27T23:00:00.000Z was rolled back: the stack runs the versions from before it');
    const restored = upgradeNote(record('rolled-back', { backup: '/b/p.tar.gz', data: { refused: ['grafana'], restored: ['grafana'] } }), [], undefined, none);
    expect(restored?.message).toContain('(data of grafana restored from /b/p.tar.gz)');
  });

  it('a plain rollback is no longer said once a later deploy moved a recorded service to another image', () => {
    const recorded = { service: 'grafana', containerId: 'id-grafana', name: 'p-grafana-1', image: 'grafana:1', imageId: 'sha256:grafana', configHash: 'h', running: true, newImage: 'grafana:2', newImageId: 'sha256:grafana2' };
    const r = record('rolled-back', { services: [recorded] });
    expect(upgradeNote(r, [containerSummary('grafana')], undefined, none)?.state).toBe('rolled-back');
    expect(upgradeNote(r, [containerSummary('grafana', { imageId: 'sha256:grafana3' })], undefined, none)).toBeUndefined();
    // The old container set aside by an unfinished replacement is not what the service runs.
    expect(upgradeNote(r, [containerSummary('grafana', { name: 'p-grafana-1-replaced-abc', imageId: 'sha256:grafana3' })], undefined, none)?.state).toBe('set-aside');
  });
});
