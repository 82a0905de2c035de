import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArchiveWriter } from '../backup/archive-writer.js';
import { archiveName, createPartial, syncDir } from '../backup/archive-file.js';
import { BackupError } from '../backup/backup-error.js';
import { blockBytes, inBlocks } from '../backup/byte-blocks.js';
import { configEntry, configPrefix, listConfigItems } from '../backup/config-entries.js';
import { followFile } from '../backup/follow-file.js';
import { archiveFormat, archiveFormatVersion, headerOf, headerPath, type BackupManifest, type BackupMethod, type Compression, type ManifestService, type ManifestVolume } from '../backup/manifest.js';
import { parallelGzip } from '../backup/parallel-gzip.js';
import { verifyWritten } from '../backup/verify-written.js';
import { zstdCompressInto } from '../backup/zstd-pipe.js';
import type { VerifyCache } from '../backup/verify-cache.js';
import type { DockerGateway } from '../docker/types.js';
import { InterruptedError, IshError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { toolVersion } from '../version.js';
import { BackupGuard } from './backup-guard.js';
import { containerBackupSource, type BackupSource } from './backup-source.js';
import { planBackup, type ServicePlan } from './backup-plan.js';
import { copyVolume, type VolumeTally } from './copy-volume.js';
import type { ProgressSink } from './progress.js';
import { withDeployedProfiles, type StackContext } from './stack-context.js';
import { takeTsdbSnapshot } from './tsdb-snapshot.js';

const undoWaitMs = 60_000;

const originOf = (source: BackupSource, service: string) => (source.origins.has(service) ? { origin: source.origins.get(service)! } : {});

/** What `backup` needs besides the stack. */
export interface CreateBackupOptions {
  outputDir: string;
  /** Create the output directory when missing (only for the default one). */
  createOutputDir: boolean;
  services: string[];
  compression: Compression;
  /** Stop Prometheus too instead of taking a TSDB snapshot. */
  stop: boolean;
  stopTimeoutSeconds: number;
  /** Ctrl-C: the run undoes what it did, removes the partial file and throws InterruptedError. */
  signal?: AbortSignal;
  cache?: VerifyCache;
  now?: () => Date;
  /** Where the data is read from (default: the project's containers). */
  source?: BackupSource;
}

/** What `backup` wrote. */
export interface BackupResult {
  file: string;
  project: string;
  createdAt: string;
  compression: Compression;
  sizeBytes: number;
  dataBytes: number;
  entries: number;
  durationMs: number;
  verified: boolean;
  services: { service: string; method: BackupMethod; volumes: string[]; restarted: boolean; origin?: string }[];
  volumes: { volume: string; service: string; entries: number; bytes: number }[];
}

function asBackupError(err: unknown, signal: AbortSignal | undefined, partial: string): IshError {
  if (signal?.aborted) return signal.reason instanceof IshError ? signal.reason : new InterruptedError('SIGINT');
  if (err instanceof BackupError) return err;
  if (err instanceof IshError) return new BackupError(`backup failed, no archive written: ${err.message}`, err.hint, { cause: err });
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new BackupError(`no space left writing ${partial}: no archive written`, 'free space on that filesystem or choose another --output', { cause: err });
  if (code && /^E[A-Z]+$/.test(code)) return new BackupError(`cannot write ${partial} (${code}): no archive written`, 'check the output directory and its filesystem', { cause: err });
  return new BackupError(`backup failed, no archive written: ${(err as Error).message}`, undefined, { cause: err });
}

async function openOutput(dir: string, name: string, create: boolean) {
  if (create) await mkdir(dir, { recursive: true, mode: 0o700 }).catch(() => undefined);
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new BackupError(`output directory ${dir} does not exist`, 'create it (`mkdir -p`) or pass another --output');
  const final = join(dir, name);
  if (await stat(final).catch(() => undefined)) throw new BackupError(`${final} already exists`, 'wait a second and run again');
  try {
    return { final, ...(await createPartial(final)) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BackupError(`cannot write to output directory ${dir}${code ? ` (${code})` : ''}`, code === 'EACCES' || code === 'EROFS' ? 'choose a writable --output directory' : 'check the directory', { cause: err });
  }
}

/**
 * Writes one archive of the stack's configuration and data volumes, consistent per service (see
 * planBackup), streamed from the engine through compression into `<name>.partial`, read back and
 * verified (while it is written, the rest after the fsync), and only then renamed. On every path out, stopped services are started
 * again and snapshots deleted; on failure the partial file is removed.
 */
export async function createBackup(ctx: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: CreateBackupOptions): Promise<BackupResult> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  if (opts.signal?.aborted) throw asBackupError(undefined, opts.signal, '');
  await gateway.ping();
  const source = opts.source ?? (await containerBackupSource(gateway, ctx.project));
  const containers = source.containers;
  const wide = withDeployedProfiles(ctx, containers.map((c) => c.labels[ComposeLabel.service] ?? ''));
  const plans = planBackup(wide, containers, opts.services, opts.stop || !source.snapshots, source.engineVolume);
  if (plans.length === 0) throw new BackupError(`nothing to back up: no service with a data volume is deployed in project ${ctx.project}`, 'run `ish-monitor deploy` first');
  const composeSha = createHash('sha256').update(await readFile(ctx.stack.composeFile)).digest('hex');
  const config = await listConfigItems(ctx.stack.composeFile);
  const serviceDetails: ManifestService[] = [];
  for (const p of plans) {
    const image = await gateway.inspectImage(p.imageId);
    serviceDetails.push({ service: p.service, image: p.image, imageId: p.imageId, repoDigests: image?.repoDigests ?? [], method: p.method, volumes: p.volumes.map((v) => v.volume), ...originOf(source, p.service) });
  }
  const dir = resolve(opts.outputDir);
  const { final, partial, handle } = await openOutput(dir, archiveName(ctx.project, started, opts.compression), opts.createOutputDir);
  const createdAt = started.toISOString();
  const base = {
    format: archiveFormat,
    formatVersion: archiveFormatVersion,
    toolVersion,
    project: ctx.project,
    createdAt,
    compression: opts.compression,
    services: plans.map((p) => p.service),
    volumes: plans.flatMap((p) => p.volumes.map((v) => v.volume)),
  } as const;
  const writer = new ArchiveWriter();
  const guard = new BackupGuard(gateway, source);
  const internal = new AbortController();
  const onAbort = () => internal.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const first = plans[0]!;
  let firstStop: Promise<string> | undefined;
  const volumeDetails: ManifestVolume[] = [];
  const configTally = { entries: 0, bytes: 0 };
  const rate = () => `${(writer.tally.bytes / 1e6).toFixed(1)} MB, ${(writer.tally.bytes / 1e6 / Math.max(0.001, (now().getTime() - started.getTime()) / 1000)).toFixed(1)} MB/s`;
  const checkAbort = () => {
    if (internal.signal.aborted) throw new BackupError('the backup was interrupted');
  };

  async function* copyService(p: ServicePlan): AsyncIterable<Buffer> {
    checkAbort();
    let snapshot: string | undefined;
    let from = p.containerId;
    try {
      if (p.method === 'tsdb-snapshot') {
        progress.begin(`backup:${p.service}`, `${p.service}: taking a TSDB snapshot`);
        snapshot = await takeTsdbSnapshot(gateway, p.containerId, internal.signal);
        guard.addSnapshot(p.containerId, p.volumes.find((v) => v.tsdb)!.mountPath, snapshot);
      } else if (p.method === 'stopped-during-copy') {
        progress.begin(`backup:${p.service}`, `${p.service}: stopping for a consistent copy`);
        from = await (p === first && firstStop ? firstStop : guard.stop(p.containerId, p.service, opts.stopTimeoutSeconds));
      }
      for (const v of p.volumes) {
        checkAbort();
        const sourcePath = v.tsdb && snapshot ? `${v.mountPath}/snapshots/${snapshot}` : v.mountPath;
        const prefix = `volumes/${v.volume}/`;
        // A whole TSDB copied while stopped leaves other tools' snapshots out.
        const excluded = v.tsdb && !snapshot ? [...v.excluded, 'snapshots'] : v.excluded;
        const tally: VolumeTally = { entries: 0, bytes: 0 };
        progress.update(`backup:${p.service}`, `${p.service}: copying ${v.volume}`);
        yield* copyVolume(gateway, writer, {
          containerId: from,
          sourcePath,
          prefix,
          excluded,
          signal: internal.signal,
          tally,
          onEntry: () => progress.update(`backup:${p.service}`, `${p.service}: copying ${v.volume} (${tally.entries} files; ${rate()})`),
        });
        volumeDetails.push({ volume: v.volume, engineName: v.engineName, service: p.service, mountPath: v.mountPath, sourcePath, prefix, excluded, entries: tally.entries, bytes: tally.bytes });
      }
    } finally {
      if (snapshot) await guard.deleteSnapshot(snapshot);
      // Its data is read: the service starts while the archive is finished and verified.
      if (p.method === 'stopped-during-copy') guard.startSoon(p.containerId);
    }
    progress.succeed(`backup:${p.service}`, `${p.service}: copied (${p.method}${p.method === 'stopped-during-copy' ? ', starting again' : ''})`);
  }

  async function* content(): AsyncGenerator<Buffer> {
    yield* writer.bytesEntry(headerPath, Buffer.from(`${JSON.stringify(headerOf(base), null, 1)}\n`), started);
    for (const item of config.items) {
      yield* writer.entry(configEntry(item));
      configTally.entries += 1;
      configTally.bytes += item.size;
    }
    for (const p of plans) yield* copyService(p);
    const manifest: Omit<BackupManifest, 'entries'> = {
      ...base,
      finishedAt: now().toISOString(),
      composeFile: { name: `${configPrefix}${ctx.stack.composeFile.split(/[\\/]/).slice(-2).join('/')}`, sha256: composeSha },
      serviceDetails,
      volumeDetails,
      config: { prefix: configPrefix, roots: config.roots, ...configTally },
    };
    yield* writer.finish(manifest, now());
  }

  const gen = content();
  let committed = false;
  let closed = false;
  let sizeBytes = 0;
  // Settled once the file is complete and fsynced (resolved) or the write failed (rejected).
  let settleWrite!: { done: () => void; failed: (err: Error) => void };
  const written = new Promise<void>((done, failed) => (settleWrite = { done, failed }));
  // The verification reads the file back through its own descriptor while it is being written (the
  // engine's pace leaves the CPU idle), and reads the rest once it is complete and fsynced; zstd's
  // test runs once it is complete (see verifyWritten). Uncompressed, each read is done with before
  // the next (one reused buffer); gunzip's stream reads ahead.
  const readBack = () => followFile(partial, written, blockBytes, opts.compression !== 'gzip');
  const verifying = verifyWritten(partial, written, opts.compression, readBack, () => writer.entries.length, opts.signal);
  try {
    // The first service's stop is sent now: it takes as long as writing the header and the
    // configuration, which need no stopped service (the guard undoes it on every path out).
    if (first.method === 'stopped-during-copy') {
      firstStop = guard.stop(first.containerId, first.service, opts.stopTimeoutSeconds);
      firstStop.catch(() => undefined); // awaited by copyService, unless the write failed before
    }
    try {
      // gzip level 1 on every core: compression is the bottleneck (issue 6 benchmark). zstd writes
      // into the file itself, so its output never passes through this process.
      if (opts.compression === 'zstd') {
        await zstdCompressInto(inBlocks(gen, blockBytes, true), handle.fd, internal.signal);
        await handle.close();
      } else {
        // The stream closes the handle when done; the data is then fsynced through a fresh descriptor.
        // A 1 MB buffer: the engine's chunks (~45 KB) queue up and go out in few writev calls.
        const out = handle.createWriteStream({ highWaterMark: 1 << 20 });
        if (opts.compression === 'gzip') await pipeline(gen, parallelGzip(1), out, { signal: internal.signal });
        // Copied into blocks: the engine's chunks are only valid until the next is read, and the stream keeps them queued.
        else await pipeline(inBlocks(gen), out, { signal: internal.signal });
      }
    } finally {
      // On failure: stop the engine streams, then let the generator's own cleanup (restart, snapshot) finish.
      internal.abort();
      const timer = new AbortController();
      await Promise.race([gen.return(undefined).catch(() => undefined), sleep(undoWaitMs, undefined, { signal: timer.signal }).catch(() => undefined)]);
      timer.abort();
    }
    closed = true;
    const again = await open(partial, 'r+');
    try {
      await again.sync();
    } finally {
      await again.close();
    }
    settleWrite.done();
    progress.begin('backup:verify', 'verifying the archive');
    const v = await verifying;
    if (!v.ok) throw new BackupError(`the archive just written does not verify: ${v.problem!.entry}: ${v.problem!.reason}`, 'check the disk; nothing was kept');
    progress.succeed('backup:verify', opts.compression === 'zstd' ? `verified (zstd content checksum; ${v.entries} entries)` : `verified ${v.entries} entries`);
    if (opts.signal?.aborted) throw new Error('interrupted');
    await rename(partial, final);
    await syncDir(dir);
    committed = true;
    const st = await stat(final);
    sizeBytes = st.size;
    await opts.cache?.store(final, { size: st.size, mtimeMs: st.mtimeMs, ok: true, verifiedAt: now().toISOString() });
  } catch (err) {
    throw asBackupError(err, opts.signal, partial);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (!closed) await handle.close().catch(() => undefined);
    settleWrite.failed(new Error('the archive was not written'));
    await verifying;
    if (!committed) await rm(partial, { force: true }).catch(() => undefined);
    await guard.undoAll();
  }
  if (guard.failures.size > 0) {
    throw new BackupError(`archive ${final} was written and verified, but ${[...guard.failures.values()].join('; ')}`, 'start the service with `ish-monitor restart SERVICE` or `ish-monitor deploy`');
  }
  return {
    file: final,
    project: ctx.project,
    createdAt,
    compression: opts.compression,
    sizeBytes,
    dataBytes: writer.tally.bytes,
    entries: writer.entries.length,
    durationMs: now().getTime() - started.getTime(),
    verified: true,
    services: plans.map((p) => ({ service: p.service, method: p.method, volumes: p.volumes.map((v) => v.volume), restarted: guard.restarted.has(p.service), ...originOf(source, p.service) })),
    volumes: volumeDetails.map((v) => ({ volume: v.volume, service: v.service, entries: v.entries, bytes: v.bytes })),
  };
}
