import { describe, expect, it } from 'vitest';
import type { DockerGateway } from '../../../src/docker/types.js';
import { silentProgress } from '../../../src/core/progress.js';
import { dataHint, describeData, recoverData, type DataRestoreQuestion } from '../../../src/core/recover-data.js';
import type { StackContext } from '../../../src/core/stack-context.js';
import { NotReadyError } from '../../../src/errors.js';
import { serviceSpec } from '../../support/service-spec.js';

const ctx = {
  project: 'p',
  services: [
    serviceSpec('grafana', { volumes: [{ type: 'volume', source: 'grafana_data', target: '/var/lib/grafana', readOnly: false }] }),
    serviceSpec('node-exporter', { volumes: [{ type: 'bind', source: '/proc', target: '/host/proc', readOnly: true }] }),
  ],
} as unknown as StackContext;

const refusal = (service: string) => ({ service, error: new NotReadyError(`${service} did not become ready: container exited with code 1`, [`last 1 log lines of ${service}:`, '  FATAL: data format 2']) });

/** No engine call may happen on these paths: any use of the gateway fails the test. */
const noEngine = new Proxy({}, { get: (_t, name) => () => { throw new Error(`the engine was asked (${String(name)})`); } }) as DockerGateway;

function deps(backup: string | undefined, answer: boolean) {
  const asked: DataRestoreQuestion[] = [];
  return {
    asked,
    deps: { gateway: noEngine, progress: silentProgress, ...(backup ? { backup } : {}), agree: async (q: DataRestoreQuestion) => (asked.push(q), answer), stopTimeoutSeconds: 1, timeoutMs: 1 },
  };
}

describe('recoverData: data is restored only when a recorded version refuses it and the operator agreed', () => {
  it('everything ready again: nothing refused, nothing asked', async () => {
    const d = deps('/b/p.tar.gz', true);
    expect(await recoverData(ctx, [], d.deps)).toEqual({ refused: [], restored: [], failed: [], evidence: [], backup: '/b/p.tar.gz' });
    expect(d.asked).toEqual([]);
  });

  it('a service without a data volume that is not ready again is a failed rollback, not a data matter', async () => {
    const d = deps('/b/p.tar.gz', true);
    const o = await recoverData(ctx, [refusal('node-exporter')], d.deps);
    expect(o.refused).toEqual([]);
    expect(o.failed.map((f) => f.service)).toEqual(['node-exporter']);
    expect(d.asked).toEqual([]);
  });

  it('declined: nothing restored, the outcome names the backup and the restore command', async () => {
    const d = deps('/b/p.tar.gz', false);
    const o = await recoverData(ctx, [refusal('grafana')], d.deps);
    expect(o).toMatchObject({ refused: ['grafana'], restored: [], notRestored: 'declined', backup: '/b/p.tar.gz' });
    expect(d.asked).toEqual([{ services: ['grafana'], backup: '/b/p.tar.gz', evidence: ['grafana: grafana did not become ready: container exited with code 1', 'last 1 log lines of grafana:', '  FATAL: data format 2'] }]);
    expect(describeData(o)).toContain('its data was not restored without the operator\'s agreement');
    expect(dataHint(o)).toBe('restore the data of before the upgrade: `ish-monitor restore /b/p.tar.gz --services grafana`');
  });

  it('--no-backup: nothing to restore from, nobody asked, the hint points at older backups', async () => {
    const d = deps(undefined, true);
    const o = await recoverData(ctx, [refusal('grafana')], d.deps);
    expect(o).toMatchObject({ refused: ['grafana'], restored: [], notRestored: 'no-backup' });
    expect(d.asked).toEqual([]);
    expect(describeData(o)).toContain('no backup was taken (--no-backup)');
    expect(dataHint(o)).toContain('`ish-monitor backup list` shows older backups');
  });
});
