/**
 * Where a backup's time and CPU go, stage by stage, on the volume bench/backup.ts filled: each row
 * runs the pipeline up to one more stage (engine stream; + tar parse, SHA-256 and re-encoding; +
 * writing and fsync), then the read-back check and zstd on their own. Run by bench/backup.ts with
 * BENCH_STAGES=1 (or =only). Figures, not assertions: wall time, CPU of this process, of child
 * programs (GNU time) and of dockerd (from /proc, when the engine is local).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ArchiveWriter } from '../src/backup/archive-writer.js';
import { openArchive } from '../src/backup/archive-file.js';
import { inBlocks } from '../src/backup/byte-blocks.js';
import { archiveFormat, archiveFormatVersion, headerOf, headerPath, type BackupHeader } from '../src/backup/manifest.js';
import { verifyArchive } from '../src/backup/verify-archive.js';
import { copyVolume } from '../src/core/copy-volume.js';
import { connectDocker } from '../src/docker/dockerode-gateway.js';
import { toolVersion } from '../src/version.js';

/** One stage's figures. */
export interface StageRow {
  stage: string;
  ms: number;
  /** CPU seconds (user + system) of this process, of child programs, of dockerd (NaN when not local). */
  nodeS: number;
  childS: number;
  dockerdS: number;
}

/** CPU seconds of this process's finished children (cutime + cstime of /proc/self/stat). */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** dockerd's CPU seconds so far, when it runs on this host (NaN otherwise). */
function dockerdCpu(): number {
  const pid = spawnSync('pidof', ['dockerd'], { encoding: 'utf8' }).stdout.trim().split(' ')[0];
  if (!pid) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(stage: string, run: () => Promise<void>): Promise<StageRow> {
  const [d0, k0, c0, t0] = [dockerdCpu(), childCpu(), process.cpuUsage(), process.hrtime.bigint()];
  await run();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { stage, ms, nodeS: (c.user + c.system) / 1e6, childS: childCpu() - k0, dockerdS: dockerdCpu() - d0 };
}

/** Runs a program to its end; throws when it fails. */
async function program(cmd: string[]): Promise<void> {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr}`);
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of source) void chunk;
}

/** Runs the stages on `dataDir` of `container`, writing scratch files into `dir` (removed after). */
export async function measureStages(container: string, dataDir: string, dir: string): Promise<StageRow[]> {
  const gateway = connectDocker(process.env);
  const signal = new AbortController().signal;
  const volume = (writer: ArchiveWriter) =>
    copyVolume(gateway, writer, { containerId: container, sourcePath: dataDir, prefix: 'volumes/v/', excluded: [], signal, tally: { entries: 0, bytes: 0 }, onEntry: () => undefined });
  const tar = `${dir}/stages.tar`;
  const zst = `${tar}.zst`;
  const at = new Date();
  const header: BackupHeader = { format: archiveFormat, formatVersion: archiveFormatVersion, toolVersion, project: 'stages', createdAt: at.toISOString(), compression: 'none', services: [], volumes: ['v'] };
  const manifest = { ...header, finishedAt: at.toISOString(), composeFile: { name: 'config/c.yml', sha256: '' }, serviceDetails: [], volumeDetails: [], config: { prefix: 'config/', roots: [], entries: 0, bytes: 0 } };
  const archive = async function* (writer: ArchiveWriter) {
    yield* writer.bytesEntry(headerPath, Buffer.from(JSON.stringify(headerOf(header))), at);
    yield* volume(writer);
    yield* writer.finish(manifest, at);
  };
  const rows: StageRow[] = [];
  try {
    rows.push(await measure('engine stream only (getArchive, drained)', async () => drain(await gateway.getArchive(container, dataDir, signal))));
    rows.push(await measure('+ tar parse, SHA-256 per member, re-encode', () => drain(volume(new ArchiveWriter()))));
    rows.push(
      await measure('+ write the file (1 MB writes) and fsync', async () => {
        await pipeline(inBlocks(archive(new ArchiveWriter())), createWriteStream(tar, { highWaterMark: 1 << 20 }));
        const fh = await open(tar, 'r+');
        await fh.sync();
        await fh.close();
      }),
    );
    rows.push(await measure('read back and check the file (backup verify, none)', () => check(tar)));
    rows.push(await measure('zstd -q -1 -T0 of the file (the program alone)', () => program(['zstd', '-q', '-1', '-T0', '-f', '-o', zst, tar])));
    rows.push(await measure('zstd -q -t of that file (the program alone)', () => program(['zstd', '-q', '-t', zst])));
    rows.push(await measure('read back and check through zstd -d (backup verify, zstd)', () => check(zst)));
  } finally {
    rmSync(tar, { force: true });
    rmSync(zst, { force: true });
  }
  return rows;
}

/** The read-back check of a finished file; throws unless it passes (a check cut short would time nothing). */
async function check(path: string): Promise<void> {
  const v = await verifyArchive((await openArchive(path)).tar);
  if (!v.ok) throw new Error(`${path} does not verify: ${v.problem!.entry}: ${v.problem!.reason}`);
}

/** Prints the rows as a table. */
export function printStages(rows: StageRow[]): void {
  const width = Math.max(...rows.map((r) => r.stage.length));
  console.log('\nbackup stages (cpu in seconds: this process / child programs / dockerd)');
  for (const r of rows) {
    console.log(`${r.stage.padEnd(width)}  ${(r.ms / 1000).toFixed(2).padStart(6)} s  cpu node ${r.nodeS.toFixed(2).padStart(5)}  child ${r.childS.toFixed(2).padStart(5)}  dockerd ${r.dockerdS.toFixed(2).padStart(5)}`);
  }
}
