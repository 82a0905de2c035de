import type { ContainerSummary } from '../docker/types.js';
import type { BackupHeader, BackupManifest } from '../backup/manifest.js';
import { BackupError } from '../backup/backup-error.js';
import { UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { volumeName } from './resource-names.js';
import type { StackContext } from './stack-context.js';

/** One volume to restore: its compose name and its live engine name. */
export interface RestoreVolume {
  volume: string;
  engineName: string;
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

/** What an archive holds, as far as a restore plan goes. */
export interface ArchiveContents {
  project: string;
  createdAt: string;
  services: string[];
  volumes: { volume: string; service: string; entries: number; bytes: number }[];
}

/** What the verified manifest says the archive holds. */
export function contentsOfManifest(m: BackupManifest): ArchiveContents {
  return { project: m.project, createdAt: m.createdAt, services: m.services, volumes: m.volumeDetails.map((v) => ({ volume: v.volume, service: v.service, entries: v.entries, bytes: v.bytes })) };
}

/**
 * What the archive's first member says it holds, before the rest is read: each volume's service is
 * the first of the archive's services, in the compose file's (dependency) order, that mounts it: the
 * one backup copied it from; sizes are not known yet.
 */
export function contentsOfHeader(ctx: StackContext, h: BackupHeader): ArchiveContents {
  const ordered = [...ctx.services, ...ctx.stack.services.filter((s) => !ctx.services.includes(s))].filter((s) => h.services.includes(s.name));
  const owner = (volume: string) => ordered.find((s) => s.volumes.some((m) => m.type === 'volume' && m.source === volume))?.name ?? '';
  return { project: h.project, createdAt: h.createdAt, services: h.services, volumes: h.volumes.map((volume) => ({ volume, service: owner(volume), entries: 0, bytes: 0 })) };
}

/**
 * The volumes of the archive to restore (all, or those of `names`), checked against the compose
 * file and the project, and the services they affect. Throws before anything is changed.
 */
export function planRestore(ctx: StackContext, archive: ArchiveContents, names: string[], containers: ContainerSummary[], liveVolumes: Set<string>): RestorePlan {
  if (archive.project !== ctx.project) {
    throw new BackupError(`the archive is a backup of project ${archive.project}, not ${ctx.project}`, `restore it into that project with -p ${archive.project} (or ISH_MONITOR_PROJECT)`);
  }
  const unknown = names.filter((n) => !archive.services.includes(n));
  if (unknown.length > 0) throw new UsageError(`the archive holds no data of service ${unknown.join(', ')}`, `it holds: ${archive.services.join(', ')}`);
  const chosen = archive.volumes.filter((v) => names.length === 0 || names.includes(v.service));
  if (chosen.length === 0) throw new BackupError(`the archive holds no data volume${names.length ? ` of ${names.join(', ')}` : ''}: nothing to restore`);
  const declared = new Set(ctx.stack.volumes.map((v) => v.name));
  const missing = chosen.filter((v) => !declared.has(v.volume)).map((v) => v.volume);
  if (missing.length > 0) throw new BackupError(`volume ${missing.join(', ')} of the archive is not declared in ${ctx.stack.composeFile}`, 'restore with the compose file the backup was made with (its copy is under config/ in the archive)');
  const volumes = chosen.map((v) => {
    const engineName = volumeName(ctx.project, v.volume);
    return { volume: v.volume, engineName, service: v.service, entries: v.entries, bytes: v.bytes, exists: liveVolumes.has(engineName) };
  });
  const restored = new Set(volumes.map((v) => v.volume));
  const services = ctx.services.filter((s) => s.volumes.some((m) => m.type === 'volume' && restored.has(m.source))).map((s) => s.name);
  const byService = new Map(containers.map((c) => [c.labels[ComposeLabel.service] ?? '', c]));
  const deployed = new Map(services.filter((s) => byService.has(s)).map((s) => [s, byService.get(s)!]));
  return { project: ctx.project, createdAt: archive.createdAt, volumes, services, containers: deployed, deployAfter: deployed.size < services.length };
}
