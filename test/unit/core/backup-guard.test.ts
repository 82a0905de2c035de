import { describe, expect, it } from 'vitest';
import { BackupGuard } from '../../../src/core/backup-guard.js';
import type { DockerGateway } from '../../../src/docker/types.js';

/**
 * A backup source that records the order of the engine calls it is asked for, with stops that end
 * only when the test says so: a stop still under way when the run is undone (Ctrl-C right after
 * the backup began) cannot be timed on a real engine.
 */
function recordingSource() {
  const calls: string[] = [];
  const finishStop: (() => void)[] = [];
  return {
    calls,
    finishStop,
    stop: (id: string) =>
      new Promise<string>((resolve) => {
        calls.push(`stop ${id} sent`);
        finishStop.push(() => {
          calls.push(`stop ${id} done`);
          resolve(id);
        });
      }),
    start: async (id: string) => {
      calls.push(`start ${id}`);
    },
  };
}

describe('BackupGuard', () => {
  it('undoAll waits for a stop still under way, then starts the container: it is not left stopped', async () => {
    const source = recordingSource();
    const guard = new BackupGuard({} as DockerGateway, source);
    const stopping = guard.stop('c1', 'grafana', 10);
    const undone = guard.undoAll();
    await new Promise((r) => setTimeout(r, 20));
    expect(source.calls).toEqual(['stop c1 sent']);
    source.finishStop[0]!();
    await undone;
    await stopping;
    expect(source.calls).toEqual(['stop c1 sent', 'stop c1 done', 'start c1']);
    expect([...guard.restarted]).toEqual(['grafana']);
  });

  it('a container started again after its copy is not started twice by undoAll', async () => {
    const source = recordingSource();
    const guard = new BackupGuard({} as DockerGateway, source);
    const stopping = guard.stop('c1', 'grafana', 10);
    source.finishStop[0]!();
    await stopping;
    guard.startSoon('c1');
    await guard.undoAll();
    expect(source.calls).toEqual(['stop c1 sent', 'stop c1 done', 'start c1']);
  });
});
