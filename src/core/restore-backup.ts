import { resolve } from 'node:path';
import { openArchive } from '../backup/archive-file.js';
import { BackupError } from '../backup/backup-error.js';
import { findUnsafeEntry } from '../backup/entry-safety.js';
import { restoreStream, type RestoreTally } from '../backup/restore-stream.js';
import { verifyArchive } from '../backup/verify-archive.js';
import type { DockerGateway } from '../docker/types.js';
import { InterruptedError, IshError } from '../errors.js';
import { ComposeLabel, IshLabel } from '../labels.js';
import { projectLabels } from './container-labels.js';
import { deployStack } from './deploy-stack.js';
import type { ProgressSink } from './progress.js';
import { listProjectContainers } from './project-containers.js';
import { resolveImages } from './resolve-images.js';
import { helperBody, runHelper, stagedRoot, swapCommand, targetRoot } from './restore-helper.js';
import { planRestore, type RestorePlan } from './restore-plan.js';
import { withDeployedProfiles, type StackContext } from './stack-context.js';
import { waitForStack } from './wait-for-stack.js';

/** What `restore` needs besides the stack. */
export interface RestoreOptions {
  file: string;
  /** Restore only these services' volumes (default: every volume in the archive). */
  services: string[];
  /** Asked once the archive is verified and the plan known; false changes nothing. */
  confirm: (plan: RestorePlan) => Promise<boolean>;
  /** Ctrl-C: honoured until the swap starts (nothing changed yet); the swap itself is finished first. */
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

/** Reads and checks the whole archive: damaged, mismatched or unsafe archives are refused naming the member. */
async function checkArchive(path: string) {
  const v = await verifyArchive((await openArchive(path)).tar);
  if (!v.ok) throw new BackupError(`backup ${path} is damaged: ${v.problem!.entry}: ${v.problem!.reason}`, 'nothing was changed; restore another archive (`ish-monitor backup list`)');
  const m = v.manifest!;
  const unsafe = findUnsafeEntry(m.entries, m.volumeDetails.map((d) => d.prefix));
  if (unsafe) throw new BackupError(`refusing to restore ${path}: ${unsafe.entry}: ${unsafe.reason}`, 'nothing was changed; ish-monitor never writes such a member: the archive was altered');
  return m;
}

/**
 * Restores data volumes from an archive: verifies it whole and refuses unsafe members, extracts the
 * chosen volumes into fresh volumes through a helper container (the services keep running), then
 * stops the affected services, swaps the extracted data into the live volumes (all or none: a
 * failed swap puts the old data back), starts them and waits until ready. Where a service was never
 * deployed, its volume is created and the stack deployed after the swap. Any failure before the
 * swap leaves every live volume untouched.
 */
export async function restoreBackup(ctx: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: RestoreOptions): Promise<RestoreResult> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const path = resolve(opts.file);
  progress.begin('restore:verify', `verifying ${path}`);
  const m = await checkArchive(path);
  progress.succeed('restore:verify', `verified ${m.entries.length} entries of ${path}`);
  await gateway.ping();
  const containers = await listProjectContainers(gateway, ctx.project);
  const wide = withDeployedProfiles(ctx, containers.map((c) => c.labels[ComposeLabel.service] ?? ''));
  const live = new Set((await gateway.listVolumes({})).map((v) => v.name));
  const stamp = started.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').toLowerCase();
  const plan = planRestore(wide, m, opts.services, containers, live, stamp);
  const result: RestoreResult = {
    file: path,
    project: ctx.project,
    createdAt: m.createdAt,
    declined: false,
    volumes: plan.volumes.map((v) => ({ volume: v.volume, service: v.service, entries: v.entries, bytes: v.bytes, created: !v.exists })),
    services: plan.services,
    deployed: false,
    dataBytes: 0,
    durationMs: 0,
  };
  if (!(await opts.confirm(plan))) return { ...result, declined: true };
  const interrupted = () => (opts.signal?.reason instanceof IshError ? opts.signal.reason : new InterruptedError('SIGINT'));
  if (opts.signal?.aborted) throw interrupted();
  const specs = wide.services.filter((s) => plan.services.includes(s.name));
  await resolveImages(gateway, specs, { policy: 'missing', dryRun: false, progress });
  const image = specs[0]!.image;
  const helpers: string[] = [];
  const staged: string[] = [];
  const createdLive: string[] = [];
  const stopped: string[] = [];
  let swapped = false;
  try {
    for (const v of plan.volumes) {
      await gateway.createVolume(v.stagingName, undefined, { ...projectLabels(ctx.project), [IshLabel.restoreOf]: v.engineName });
      staged.push(v.stagingName);
    }
    const binds = (root: string, name: (v: RestorePlan['volumes'][number]) => string) => plan.volumes.map((v) => `${name(v)}:${root}/${v.volume}`);
    const extractor = await gateway.createContainer(helperBody(ctx.project, `${ctx.project}-restore-extract-${stamp}`, image, binds(stagedRoot, (v) => v.stagingName)), 'restore-helper');
    helpers.push(extractor);
    const tally: RestoreTally = { volume: '', bytes: 0, totalBytes: plan.volumes.reduce((t, v) => t + v.bytes, 0) };
    let current = '';
    const extractStart = now().getTime();
    const onProgress = () => {
      if (tally.volume !== current) {
        if (current) progress.succeed(`restore:${current}`, `${current}: extracted`);
        current = tally.volume;
        progress.begin(`restore:${current}`, `${current}: extracting`);
      }
      progress.update(`restore:${current}`, `${current}: extracting (${rateOf(tally.bytes, now().getTime() - extractStart)} of ${(tally.totalBytes / 1e6).toFixed(1)} MB)`);
    };
    await gateway.putArchive(extractor, stagedRoot, restoreStream((await openArchive(path)).tar, m.entries, plan.volumes.map((v) => v.volume), tally, onProgress), opts.signal);
    if (opts.signal?.aborted) throw interrupted();
    if (current) progress.succeed(`restore:${current}`, `${current}: extracted`);
    result.dataBytes = tally.bytes;
    // The swap: from here on Ctrl-C is not honoured until it is done (seconds; it puts old data back on failure).
    progress.begin('restore:swap', `stopping ${[...plan.containers.keys()].join(', ') || 'nothing'} and swapping in the restored data`);
    for (const [service, c] of plan.containers) {
      stopped.push(service);
      await gateway.stopContainer(c.id, opts.stopTimeoutSeconds);
    }
    for (const v of plan.volumes.filter((x) => !x.exists)) {
      const spec = wide.stack.volumes.find((s) => s.name === v.volume);
      await gateway.createVolume(v.engineName, spec?.driver, { ...spec?.labels, ...projectLabels(ctx.project), [ComposeLabel.volume]: v.volume });
      createdLive.push(v.engineName);
    }
    const swapper = await gateway.createContainer(
      helperBody(ctx.project, `${ctx.project}-restore-swap-${stamp}`, image, [...binds(stagedRoot, (v) => v.stagingName), ...binds(targetRoot, (v) => v.engineName)], swapCommand(plan.volumes.map((v) => v.volume))),
      'restore-helper',
    );
    helpers.push(swapper);
    const r = await runHelper(gateway, swapper);
    if (r.exitCode !== 0) throw new BackupError(`restore failed while swapping in the restored data; the old data was put back: ${r.output.slice(-3).join(' | ') || `exit code ${r.exitCode}`}`, 'check the engine\'s disk space (the swap needs room for a second copy)');
    swapped = true;
    progress.succeed('restore:swap', `restored ${plan.volumes.map((v) => v.volume).join(', ')}`);
  } catch (err) {
    if (opts.signal?.aborted && !swapped) throw interrupted();
    throw err instanceof IshError ? err : new BackupError(`restore failed, nothing was changed: ${(err as Error).message}`, undefined, { cause: err });
  } finally {
    // The helpers run the service's image: its declared VOLUME (/prometheus) would be left behind unnamed.
    for (const id of helpers) await gateway.removeContainer(id, { anonymousVolumes: true }).catch(() => undefined);
    for (const name of staged) await gateway.removeVolume(name).catch(() => undefined);
    if (!swapped) {
      for (const name of createdLive) await gateway.removeVolume(name).catch(() => undefined);
      for (const s of stopped) await gateway.startContainer(plan.containers.get(s)!.id, s).catch(() => undefined);
    }
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
