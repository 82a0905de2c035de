import type { StackContext } from '../core/stack-context.js';
import { UsageError } from '../errors.js';
import { columns } from '../output/format.js';
import type { OutputMode } from '../output/style.js';
import { emit } from './runtime.js';

/** `logs --swarm [SERVICE...]`: every peer's log lines, merged in time order, "NAME | LINE"; returns the exit code. */
export async function swarmLogsCommand(mode: OutputMode, ctx: StackContext, names: string[], o: { follow?: boolean; tail?: number | 'all'; since?: string; until?: string; timestamps?: boolean }): Promise<number> {
  if (o.follow || o.since !== undefined || o.until !== undefined) throw new UsageError('logs --swarm does not take -f, --since or --until yet', 'use -n N, or `docker service logs -f <project>_<service>`');
  const [{ pickServices }, { readSwarmLogs }, { connectSwarm }] = await Promise.all([import('../core/stack-context.js'), import('../core/swarm-logs.js'), import('../docker/swarm-gateway.js')]);
  const lines = await readSwarmLogs(ctx.project, pickServices(ctx, names), connectSwarm(process.env), o.tail === 'all' ? undefined : o.tail);
  emit(mode, { project: ctx.project, target: 'swarm', lines }, () => {
    const rows = lines.map((l) => [l.service, '|', ...(o.timestamps ? [l.time] : []), l.line]);
    return rows.length ? `${columns(rows, 1).join('\n')}\n` : '';
  });
  return 0;
}
