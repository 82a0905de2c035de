import type { ProgressSink } from '../core/progress.js';
import type { DockerGateway } from '../docker/types.js';
import { columns } from '../output/format.js';
import type { OutputMode } from '../output/style.js';
import type { CleanupConsent } from './cleanup-command.js';
import { confirm } from './confirm.js';
import { emit, withRunLock, type GlobalOptions } from './runtime.js';

/** `cleanup --swarm`: lists what goes, confirms deleting volumes where it must, removes; returns the exit code. */
export async function cleanupSwarmCommand(
  g: GlobalOptions,
  mode: OutputMode,
  project: string,
  gateway: DockerGateway,
  progress: ProgressSink,
  o: { volumes: boolean; dryRun: boolean; consent: CleanupConsent; timeoutSeconds: number },
): Promise<number> {
  const [{ cleanupSwarm }, { connectSwarm }, { systemClock }] = await Promise.all([import('../core/cleanup-swarm.js'), import('../docker/swarm-gateway.js'), import('../health/clock.js')]);
  const swarm = connectSwarm(process.env);
  const run = (dryRun: boolean) => cleanupSwarm(project, gateway, swarm, progress, { dryRun, volumes: o.volumes, timeoutMs: Math.max(30, o.timeoutSeconds * 3) * 1000, clock: systemClock });
  const render = (r: Awaited<ReturnType<typeof run>>) => {
    const kinds = [['service', r.services], ['config', r.configs], ['secret', r.secrets], ['network', r.networks], ['volume', r.volumes]] as const;
    const rows = kinds.flatMap(([kind, names]) => names.map((n) => [`  ${kind}`, n]));
    const head = `${r.dryRun ? 'would remove' : 'removed'} from the swarm, project ${r.project}:`;
    return rows.length ? `${[head, ...columns(rows)].join('\n')}\n` : `project ${r.project}: nothing on the swarm to remove\n`;
  };
  const plan = await run(true);
  if (o.dryRun) {
    emit(mode, plan, () => render(plan));
    return 0;
  }
  if (o.consent === 'ask' && plan.volumes.length > 0 && !(await confirm(`delete ${plan.volumes.length} data volumes of project ${project} for good? [y/N] `))) {
    emit(mode, { ...plan, declined: true }, () => 'nothing removed\n');
    return 0;
  }
  const r = await withRunLock(g, project, 'cleanup', progress, () => run(false));
  emit(mode, r, () => render(r));
  return 0;
}
