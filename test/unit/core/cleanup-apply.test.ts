import { describe, expect, it } from 'vitest';
import { applyCleanup } from '../../../src/core/cleanup-stack.js';
import type { CleanupPlan } from '../../../src/core/plan-cleanup.js';
import { silentProgress } from '../../../src/core/progress.js';
import type { DockerGateway } from '../../../src/docker/types.js';
import { EngineError } from '../../../src/errors.js';

const plan: CleanupPlan = {
  project: 'ish',
  containers: [
    { id: 'g', name: 'ish-grafana-1', service: 'grafana', state: 'running' },
    { id: 'p', name: 'ish-prometheus-1', service: 'prometheus', state: 'running' },
    { id: 'n', name: 'ish-node-exporter-1', service: 'node-exporter', state: 'exited' },
  ],
  networks: ['ish_monitoring'],
  volumes: [{ name: 'ish_prometheus_data', sizeBytes: 10 }],
  keptVolumes: [],
  images: [{ id: 'sha256:p', refs: ['prom/prometheus:v3'], sizeBytes: 5, deletes: true, otherTags: [] }],
  keptImages: [],
};

/** A gateway that records removal calls; `fail` maps a call (e.g. `removeVolume ish_prometheus_data`) to an error. */
function fakeGateway(fail: Record<string, Error> = {}): { gateway: DockerGateway; calls: string[] } {
  const calls: string[] = [];
  const record = (name: string) => async (arg: string, ..._rest: unknown[]) => {
    const call = `${name} ${arg}`;
    calls.push(call);
    if (fail[call]) throw fail[call];
    return name === 'removeImage' ? { deleted: true } : undefined;
  };
  const gateway = {
    stopContainer: record('stopContainer'),
    removeContainer: record('removeContainer'),
    removeNetwork: record('removeNetwork'),
    removeVolume: record('removeVolume'),
    removeImage: record('removeImage'),
  } as unknown as DockerGateway;
  return { gateway, calls };
}

describe('applyCleanup', () => {
  it('stops running containers in plan order, removes them, then networks, volumes, images', async () => {
    const { gateway, calls } = fakeGateway();
    const r = await applyCleanup(plan, gateway, silentProgress, { timeoutSeconds: 7 });
    expect(calls).toEqual([
      'stopContainer g',
      'stopContainer p',
      'removeContainer g',
      'removeContainer p',
      'removeContainer n',
      'removeNetwork ish_monitoring',
      'removeVolume ish_prometheus_data',
      'removeImage prom/prometheus:v3',
    ]);
    expect(r).toMatchObject({ dryRun: false, declined: false, warnings: [], images: [{ id: 'sha256:p', deletes: true }] });
  });

  it('something already gone (404) counts as removed', async () => {
    const gone = new EngineError('not found', undefined, 404);
    const { gateway, calls } = fakeGateway({ 'removeContainer p': gone, 'removeNetwork ish_monitoring': gone });
    await applyCleanup(plan, gateway, silentProgress, { timeoutSeconds: 1 });
    expect(calls).toContain('removeVolume ish_prometheus_data');
  });

  it('a volume a foreign container uses stops cleanup with a message naming it', async () => {
    const cause = Object.assign(new Error('(HTTP code 409) unexpected - remove ish_prometheus_data: volume is in use - [abc]'), { statusCode: 409 });
    const busy = new EngineError('conflict while trying to remove volume ish_prometheus_data', 'x', 409, { cause });
    const { gateway, calls } = fakeGateway({ 'removeVolume ish_prometheus_data': busy });
    const err = (await applyCleanup(plan, gateway, silentProgress, { timeoutSeconds: 1 }).catch((e: unknown) => e)) as EngineError;
    expect(err).toBeInstanceOf(EngineError);
    expect(err.message).toBe('cannot remove volume ish_prometheus_data: remove ish_prometheus_data: volume is in use - [abc]');
    expect(err.hint).toContain('docker ps -a --filter volume=ish_prometheus_data');
    expect(calls).not.toContain('removeImage prom/prometheus:v3');
  });

  it('an image a container started meanwhile is kept with a warning, not a failure', async () => {
    const { gateway } = fakeGateway({ 'removeImage prom/prometheus:v3': new EngineError('conflict: image is being used by running container', undefined, 409) });
    const r = await applyCleanup(plan, gateway, silentProgress, { timeoutSeconds: 1 });
    expect(r.images).toEqual([]);
    expect(r.keptImages).toEqual([{ ref: 'prom/prometheus:v3', reason: 'conflict: image is being used by running container' }]);
    expect(r.warnings).toHaveLength(1);
  });
});
