import type { ProgressSink } from '../core/progress.js';
import type { StackContext } from '../core/stack-context.js';
import type { OutputMode } from '../output/style.js';
import { emit, withRunLock, type GlobalOptions } from './runtime.js';

/** `stop --swarm [SERVICE...]`: scales the services' peers to 0 (global ones off every node), recording what they had; returns the exit code. */
export async function stopSwarmCommand(g: GlobalOptions, mode: OutputMode, ctx: StackContext, names: string[], progress: ProgressSink): Promise<number> {
  const [{ pickServices }, { stopSwarm }, { connectSwarm }, { connectDocker }, { systemClock }] = await Promise.all([
    import('../core/stack-context.js'),
    import('../core/stop-swarm.js'),
    import('../docker/swarm-gateway.js'),
    import('../docker/dockerode-gateway.js'),
    import('../health/clock.js'),
  ]);
  const services = pickServices(ctx, names);
  const r = await withRunLock(g, ctx.project, 'stop', progress, () => stopSwarm(ctx.project, services, connectDocker(process.env), connectSwarm(process.env), progress, { timeoutMs: 120_000, clock: systemClock }));
  const what = (n: number | 'global') => (n === 'global' ? 'a task on every node' : `${n} replica${n === 1 ? '' : 's'}`);
  emit(mode, r, () => (r.services.length === 0 ? `project ${r.project}: nothing deployed on the swarm\n` : r.services.map((s) => `${s.name}: ${s.action} (had ${what(s.recorded)}; deploy --swarm brings it back)\n`).join('')));
  return 0;
}
