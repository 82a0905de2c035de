import { resolve } from 'node:path';
import { openArchive } from '../backup/archive-file.js';
import { BackupError } from '../backup/backup-error.js';
import type { BackupManifest } from '../backup/manifest.js';
import { damagedArchive, extractionStream, type RestoreTally } from '../backup/restore-stream.js';
import { ArchiveProblem, readHeader } from '../backup/verify-archive.js';
import type { DockerGateway } from '../docker/types.js';
import { InterruptedError, IshError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { projectLabels } from './container-labels.js';
import { deployStack } from './deploy-stack.js';
import type { ProgressSink } from './progress.js';
import { listProjectContainers } from './project-containers.js';
import { resolveImages } from './resolve-images.js';
import { discardCommand, helperBody, incomingDir, runHelper, swapCommand, targetRoot } from './restore-helper.js';
import { contentsOfHeader, contentsOfManifest, planRestore, type RestorePlan } from './restore-plan.js';
import { withDeployedProfiles, type StackContext } from './stack-context.js';
import { waitForStack } from './wait-for-stack.js';

/** What `restore` needs besides the stack. */
export interface RestoreOptions {
  file: string;
  /** Restore only these services' volumes (default: every volume in the archive). */
  services: string[];
  /** Asked once the archive is read, verified and extracted beside the live data, and the plan known; false changes nothing. */
  confirm: (plan: RestorePlan) => Promise<boolean>;
  /** Ctrl-C: honoured until the swap starts (the extracted data is removed, nothing changed); the swap itself is finished first. */
  signal?: AbortSignal;
  stopTimeoutSeconds: number;
  waitTimeoutMs: number;
  now?: () => Date;
}

/** What `restore` did. */
export interface RestoreResult {
  file: string;
  project: string;
  createdAt: string;
  /** The confirmation was declined: nothing changed. */
  declined: boolean;
  volumes: { volume: string; service: string; entries: number; bytes: number; created: boolean }[];
  services: string[];
  /** The stack was deployed after the swap (some affected service had no container). */
  deployed: boolean;
  dataBytes: number;
  durationMs: number;
}

const rateOf = (bytes: number, ms: number) => `${(bytes / 1e6).toFixed(1)} MB, ${(bytes / 1e6 / Math.max(0.001, ms / 1000)).toFixed(1)} MB/s`;

/** The return value of a generator, kept as it is iterated by someone else. */
async function* keepReturn<T>(gen: AsyncGenerator<Buffer, T>, out: { value?: T }): AsyncGenerator<Buffer> {
  out.value = yield* gen;
}

/**
 * Restores data volumes from an archive. The plan comes from the archive's first member; then one
 * pass reads the whole archive, checks every member against the manifest and refuses unsafe ones,
 * while extracting the chosen volumes' members through a helper container into a fresh directory
 * inside each live volume, while the services keep running on their data. Only when the archive
 * was whole and matched: the confirmation, then the affected services are stopped, the extracted data
 * swapped in by renames (all or none: a failed swap puts the old data back), the services started
 * and waited for. Where a service was never deployed, its volume is created and the stack deployed
 * after the swap. Any failure before the swap removes what was extracted and leaves every live
 * volume's data untouched.
 */
export async function restoreBackup(ctx: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: RestoreOptions): Promise<RestoreResult> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const path = resolve(opts.file);
  const header = await readHeader((await openArchive(path)).tar).catch((err: unknown) => {
    throw err instanceof ArchiveProblem ? damagedArchive(path, err.problem) : err;
  });
  await gateway.ping();
  const containers = await listProjectContainers(gateway, ctx.project);
  const wide = withDeployedProfiles(ctx, containers.map((c) => c.labels[ComposeLabel.service] ?? ''));
  const live = new Set((await gateway.listVolumes({})).map((v) => v.name));
  const stamp = started.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').toLowerCase();
  const chosen = planRestore(wide, contentsOfHeader(wide, header), opts.services, containers, live);
  const volumes = chosen.volumes.map((v) => v.volume);
  const interrupted = () => (opts.signal?.reason instanceof IshError ? opts.signal.reason : new InterruptedError('SIGINT'));
  if (opts.signal?.aborted) throw interrupted();
  const specs = wide.services.filter((s) => chosen.services.includes(s.name));
  await resolveImages(gateway, specs, { policy: 'missing', dryRun: false, progress });
  const image = specs[0]!.image;
  const incoming = incomingDir(stamp);
  const binds = chosen.volumes.map((v) => `${v.engineName}:${targetRoot}/${v.volume}`);
  const helpers: string[] = [];
  const createdLive: string[] = [];
  const stopped: string[] = [];
  let discarder: string | undefined;
  let swapped = false;
  // Both set before anything can be swapped or returned.
  let plan!: RestorePlan;
  let result!: RestoreResult;
  try {
    for (const v of chosen.volumes.filter((x) => !x.exists)) {
      const spec = wide.stack.volumes.find((s) => s.name === v.volume);
      await gateway.createVolume(v.engineName, spec?.driver, { ...spec?.labels, ...projectLabels(ctx.project), [ComposeLabel.volume]: v.volume });
      createdLive.push(v.engineName);
    }
    const helper = async (role: string, cmd: string[]) => {
      const id = await gateway.createContainer(helperBody(ctx.project, `${ctx.project}-restore-${role}-${stamp}`, image, binds, cmd), 'restore-helper');
      helpers.push(id);
      return id;
    };
    // Both helpers exist before anything is written: removing the extracted data needs no new container on the way out.
    discarder = await helper('extract', discardCommand(incoming, volumes));
    const swapper = await helper('swap', swapCommand(incoming, volumes));
    progress.begin('restore:read', `reading and checking ${path}`);
    const tally: RestoreTally = { volume: '', bytes: 0 };
    let current = '';
    const extractStart = now().getTime();
    const onProgress = () => {
      if (tally.volume !== current) {
        if (current) progress.succeed(`restore:${current}`, `${current}: extracted`);
        current = tally.volume;
        progress.begin(`restore:${current}`, `${current}: extracting`);
      }
      progress.update(`restore:${current}`, `${current}: extracting (${rateOf(tally.bytes, now().getTime() - extractStart)})`);
    };
    const verified: { value?: BackupManifest } = {};
    const stream = extractionStream((await openArchive(path)).tar, { path, header, volumes, incoming }, tally, onProgress);
    await gateway.putArchive(discarder, targetRoot, keepReturn(stream, verified), opts.signal);
    if (opts.signal?.aborted) throw interrupted();
    if (current) progress.succeed(`restore:${current}`, `${current}: extracted`);
    const m = verified.value!;
    progress.succeed('restore:read', `verified ${m.entries.length} entries of ${path}`);
    plan = planRestore(wide, contentsOfManifest(m), opts.services, containers, live);
    const planned = plan.volumes.map((v) => v.volume);
    if (planned.join() !== volumes.join()) {
      throw new BackupError(`the manifest of ${path} assigns volumes to services differently from ${wide.stack.composeFile}: it restores ${planned.join(', ') || 'nothing'}, not ${volumes.join(', ')}`, 'nothing was changed; restore without --services, or with the compose file the backup was made with (its copy is under config/ in the archive)');
    }
    result = {
      file: path,
      project: ctx.project,
      createdAt: m.createdAt,
      declined: false,
      volumes: plan.volumes.map((v) => ({ volume: v.volume, service: v.service, entries: v.entries, bytes: v.bytes, created: !v.exists })),
      services: plan.services,
      deployed: false,
      dataBytes: tally.bytes,
      durationMs: 0,
    };
    const agreed = await opts.confirm(plan);
    // Ctrl-C at the question is an interruption (exit 130), not an answer.
    if (opts.signal?.aborted) throw interrupted();
    if (!agreed) return { ...result, declined: true };
    // The swap: from here on Ctrl-C is not honoured until it is done (renames; it puts old data back on failure).
    progress.begin('restore:swap', `stopping ${[...plan.containers.keys()].join(', ') || 'nothing'} and swapping in the restored data`);
    for (const [service, c] of plan.containers) {
      stopped.push(service);
      await gateway.stopContainer(c.id, opts.stopTimeoutSeconds);
    }
    const r = await runHelper(gateway, swapper);
    if (r.exitCode !== 0) throw new BackupError(`restore failed while swapping in the restored data; the old data was put back: ${r.output.slice(-3).join(' | ') || `exit code ${r.exitCode}`}`, 'see the helper\'s message; the extracted data was removed');
    swapped = true;
    progress.succeed('restore:swap', `restored ${planned.join(', ')}`);
  } catch (err) {
    if (opts.signal?.aborted && !swapped) throw interrupted();
    throw err instanceof IshError ? err : new BackupError(`restore failed, nothing was changed: ${(err as Error).message}`, undefined, { cause: err });
  } finally {
    if (!swapped) {
      // Before the helpers go: the extracted data leaves the live volumes (created ones go whole).
      if (discarder && createdLive.length < chosen.volumes.length) await runHelper(gateway, discarder).catch(() => undefined);
      for (const s of stopped) await gateway.startContainer(plan.containers.get(s)!.id, s).catch(() => undefined);
    }
    // The helpers run the service's image: its declared VOLUME (/prometheus) would be left behind unnamed.
    for (const id of helpers) await gateway.removeContainer(id, { anonymousVolumes: true }).catch(() => undefined);
    if (!swapped) for (const name of createdLive) await gateway.removeVolume(name).catch(() => undefined);
  }
  if (plan.deployAfter) {
    await deployStack(wide, gateway, progress, { dryRun: false, pull: 'missing', forceRecreate: false, waitTimeoutMs: opts.waitTimeoutMs, wait: true });
    result.deployed = true;
  } else {
    for (const s of stopped) await gateway.startContainer(plan.containers.get(s)!.id, s);
    await waitForStack(gateway, new Map(stopped.map((s) => [s, plan.containers.get(s)!.id])), { timeoutMs: opts.waitTimeoutMs, progress });
  }
  return { ...result, durationMs: now().getTime() - started.getTime() };
}
