import type { ContainerSummary } from '../docker/types.js';
import type { BackupManifest } from '../backup/manifest.js';
import { BackupError } from '../backup/backup-error.js';
import { UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { volumeName } from './resource-names.js';
import type { StackContext } from './stack-context.js';

/** One volume to restore: its compose name, its live engine name, and the fresh one it is extracted into. */
export interface RestoreVolume {
  volume: string;
  engineName: string;
  stagingName: string;
  service: string;
  entries: number;
  bytes: number;
  /** The live volume exists already (else restore creates it, labelled as deploy would). */
  exists: boolean;
}

/** What restore will do, shown before it asks for confirmation. */
export interface RestorePlan {
  project: string;
  /** When the backup was taken. */
  createdAt: string;
  volumes: RestoreVolume[];
  /** Every enabled service that mounts a restored volume: stopped for the swap. */
  services: string[];
  /** Their containers, where deployed (service -> container). */
  containers: Map<string, ContainerSummary>;
  /** Some affected service has no container: restore deploys the stack after the swap. */
  deployAfter: boolean;
}

/**
 * The volumes of the archive to restore (all, or those of `names`), checked against the compose
 * file and the project, and the services they affect. Throws before anything is changed.
 */
export function planRestore(ctx: StackContext, manifest: BackupManifest, names: string[], containers: ContainerSummary[], liveVolumes: Set<string>, stamp: string): RestorePlan {
  if (manifest.project !== ctx.project) {
    throw new BackupError(`the archive is a backup of project ${manifest.project}, not ${ctx.project}`, `restore it into that project with -p ${manifest.project} (or ISH_MONITOR_PROJECT)`);
  }
  const unknown = names.filter((n) => !manifest.services.includes(n));
  if (unknown.length > 0) throw new UsageError(`the archive holds no data of service ${unknown.join(', ')}`, `it holds: ${manifest.services.join(', ')}`);
  const chosen = manifest.volumeDetails.filter((v) => names.length === 0 || names.includes(v.service));
  if (chosen.length === 0) throw new BackupError(`the archive holds no data volume${names.length ? ` of ${names.join(', ')}` : ''}: nothing to restore`);
  const declared = new Set(ctx.stack.volumes.map((v) => v.name));
  const missing = chosen.filter((v) => !declared.has(v.volume)).map((v) => v.volume);
  if (missing.length > 0) throw new BackupError(`volume ${missing.join(', ')} of the archive is not declared in ${ctx.stack.composeFile}`, 'restore with the compose file the backup was made with (its copy is under config/ in the archive)');
  const volumes = chosen.map((v) => {
    const engineName = volumeName(ctx.project, v.volume);
    return { volume: v.volume, engineName, stagingName: `${engineName}-restore-${stamp}`, service: v.service, entries: v.entries, bytes: v.bytes, exists: liveVolumes.has(engineName) };
  });
  const restored = new Set(volumes.map((v) => v.volume));
  const services = ctx.services.filter((s) => s.volumes.some((m) => m.type === 'volume' && restored.has(m.source))).map((s) => s.name);
  const byService = new Map(containers.map((c) => [c.labels[ComposeLabel.service] ?? '', c]));
  const deployed = new Map(services.filter((s) => byService.has(s)).map((s) => [s, byService.get(s)!]));
  return { project: ctx.project, createdAt: manifest.createdAt, volumes, services, containers: deployed, deployAfter: deployed.size < services.length };
}
