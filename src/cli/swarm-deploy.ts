import type { ProgressSink } from '../core/progress.js';
import type { StackContext } from '../core/stack-context.js';
import type { DockerGateway } from '../docker/types.js';
import { UsageError } from '../errors.js';
import { paint, type OutputMode } from '../output/style.js';
import { emit, withRunLock, type GlobalOptions } from './runtime.js';

/** The flags of `deploy`. */
export interface DeployFlags {
  dryRun?: boolean;
  pull: 'missing' | 'always' | 'never';
  forceRecreate?: boolean;
  waitTimeout: number;
  wait: boolean;
  swarm?: boolean;
}

/** Whether the command targets Docker Swarm: its `--swarm` flag, or ISH_MONITOR_TARGET=swarm; another target value is a usage error. */
export function swarmTarget(flag: boolean | undefined): boolean {
  if (flag) return true;
  const target = process.env.ISH_MONITOR_TARGET ?? '';
  if (target !== '' && target !== 'swarm' && target !== 'compose') throw new UsageError(`ISH_MONITOR_TARGET is "${target}"`, 'use swarm (Docker Swarm services) or compose (plain containers, the default)');
  return target === 'swarm';
}

/** Peer N > 1 of an HA service publishes on the compose port + (N-1) * ISH_MONITOR_SWARM_PORT_STEP (default 100). */
function portStep(): number {
  const raw = process.env.ISH_MONITOR_SWARM_PORT_STEP ?? '100';
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 10_000) throw new UsageError(`ISH_MONITOR_SWARM_PORT_STEP must be a whole number from 1 to 10000, got "${raw}"`, 'e.g. ISH_MONITOR_SWARM_PORT_STEP=100: prometheus-2 then publishes on 9190');
  return n;
}

/** `deploy --swarm`: the stack as Swarm services, under the project's run lock; returns the exit code. */
export async function deploySwarmCommand(g: GlobalOptions, mode: OutputMode, o: DeployFlags, ctx: StackContext, gateway: DockerGateway, progress: ProgressSink): Promise<number> {
  if (o.forceRecreate || o.pull !== 'missing') throw new UsageError('--force-recreate and --pull go with plain containers, not --swarm', 'Swarm uses the images present on each node: build or pull them there first');
  const [{ deploySwarm }, { connectSwarm }, { renderSwarmDeploy }, { systemClock }] = await Promise.all([
    import('../core/deploy-swarm.js'),
    import('../docker/swarm-gateway.js'),
    import('../output/render-swarm-deploy.js'),
    import('../health/clock.js'),
  ]);
  const options = { dryRun: o.dryRun ?? false, wait: o.wait, waitTimeoutMs: o.waitTimeout * 1000, portStep: portStep(), clock: systemClock };
  const deploy = () => deploySwarm(ctx, gateway, connectSwarm(process.env), progress, options);
  const r = options.dryRun ? await deploy() : await withRunLock(g, ctx.project, 'deploy', progress, deploy);
  emit(mode, r, () => renderSwarmDeploy(r, paint(mode.color)));
  return 0;
}
