import type { ProgressSink } from '../core/progress.js';
import type { StackContext } from '../core/stack-context.js';
import type { OutputMode } from '../output/style.js';
import { emit, withRunLock, type GlobalOptions } from './runtime.js';

/** `restart --swarm [SERVICE...]`: replaces the tasks of the named services one peer at a time; returns the exit code. */
export async function restartSwarmCommand(g: GlobalOptions, mode: OutputMode, ctx: StackContext, names: string[], progress: ProgressSink, o: { waitTimeout: number; wait: boolean }): Promise<number> {
  const [{ pickServices }, { restartSwarm }, { connectSwarm }, { connectDocker }, { systemClock }] = await Promise.all([
    import('../core/stack-context.js'),
    import('../core/restart-swarm.js'),
    import('../docker/swarm-gateway.js'),
    import('../docker/dockerode-gateway.js'),
    import('../health/clock.js'),
  ]);
  const services = pickServices(ctx, names);
  const options = { wait: o.wait, waitTimeoutMs: o.waitTimeout * 1000, clock: systemClock };
  const r = await withRunLock(g, ctx.project, 'restart', progress, () => restartSwarm(ctx.project, services, connectDocker(process.env), connectSwarm(process.env), progress, options));
  emit(mode, r, () => r.restarted.map((s) => `${s}: restarted${o.wait ? ', ready' : ''}\n`).join(''));
  return 0;
}
