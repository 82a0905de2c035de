import type { ContainerSummary } from '../docker/types.js';
import { UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import type { BackupMethod } from '../backup/manifest.js';
import { BackupError } from '../backup/backup-error.js';
import { volumeName } from './resource-names.js';
import { notDeployedText } from './project-containers.js';
import { pickServices, type StackContext } from './stack-context.js';

/** One data volume to copy, from the container of the service that owns it. */
export interface VolumePlan {
  volume: string;
  engineName: string;
  mountPath: string;
  /** Paths (relative to the mount path) where other mounts sit: left out of the copy. */
  excluded: string[];
  /** For the TSDB snapshot: this volume is the service's `--storage.tsdb.path`. */
  tsdb: boolean;
}

/** One service to back up: its container and how its data is made consistent. */
export interface ServicePlan {
  service: string;
  containerId: string;
  image: string;
  imageId: string;
  method: BackupMethod;
  volumes: VolumePlan[];
}

const tsdbPathOf = (command: string[] | undefined) => command?.map((a) => /^--storage\.tsdb\.path=(.+)$/.exec(a)?.[1]).find(Boolean)?.replace(/\/+$/, '');

/**
 * Which services and volumes to copy, and how. Only deployed services with named volumes qualify;
 * a volume mounted by several services is copied once, from the first of them in start order.
 * Prometheus (a service whose `--storage.tsdb.path` is a volume) is copied through a TSDB snapshot
 * while it runs (when its admin API is on); every other service is stopped for its copy, unless it is not running anyway.
 * `stopAll` (--stop) stops Prometheus too and copies its whole data directory. `engineVolume` names a
 * compose volume on the engine (a Swarm peer has its own: prometheus_data-2).
 */
export function planBackup(ctx: StackContext, containers: ContainerSummary[], names: string[], stopAll: boolean, engineVolume: (service: string, volume: string) => string = (_s, v) => volumeName(ctx.project, v)): ServicePlan[] {
  const byService = new Map(containers.map((c) => [c.labels[ComposeLabel.service] ?? '', c]));
  const wanted = names.length > 0 ? pickServices(ctx, names) : ctx.services;
  if (names.length > 0) {
    const noData = wanted.filter((s) => !s.volumes.some((m) => m.type === 'volume')).map((s) => s.name);
    if (noData.length > 0) throw new UsageError(`service ${noData.join(', ')} has no data volume to back up`, 'name services with volumes, e.g. --services prometheus,grafana');
    const missing = wanted.filter((s) => !byService.has(s.name)).map((s) => s.name);
    if (missing.length > 0) throw new BackupError(notDeployedText(missing, ctx.project), 'run `ish-monitor deploy` first');
  }
  const claimed = new Set<string>();
  const plans: ServicePlan[] = [];
  for (const s of wanted) {
    const c = byService.get(s.name);
    if (!c) continue;
    const tsdbPath = tsdbPathOf(s.command);
    const volumes: VolumePlan[] = [];
    for (const m of s.volumes) {
      if (m.type !== 'volume' || claimed.has(m.source)) continue;
      claimed.add(m.source);
      const mountPath = m.target.replace(/\/+$/, '') || '/';
      const excluded = s.volumes
        .filter((o) => o !== m && o.target.startsWith(`${mountPath}/`))
        .map((o) => o.target.slice(mountPath.length + 1).replace(/\/+$/, ''));
      volumes.push({ volume: m.source, engineName: engineVolume(s.name, m.source), mountPath, excluded, tsdb: tsdbPath === mountPath });
    }
    if (volumes.length === 0) continue;
    const running = c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
    // Without the admin API (turned off where the port is published beyond loopback) there is no snapshot.
    const snapshot = !stopAll && volumes.some((v) => v.tsdb) && s.command?.includes('--web.enable-admin-api') === true;
    const method: BackupMethod = !running ? 'already-stopped' : snapshot ? 'tsdb-snapshot' : 'stopped-during-copy';
    plans.push({ service: s.name, containerId: c.id, image: c.image, imageId: c.imageId, method, volumes });
  }
  // Snapshots last: a stopped service starts again as soon as its data is read, and its start (about
  // a second of the engine's time) then overlaps the copy of the snapshots instead of ending the run.
  return [...plans.filter((p) => p.method !== 'tsdb-snapshot'), ...plans.filter((p) => p.method === 'tsdb-snapshot')];
}
