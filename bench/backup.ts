/**
 * Backup, verify and restore throughput, and the CLI's peak RSS against the volume size, beside three
 * references in the same run: the engine's own archive stream (`docker cp`, the limit), `docker cp |
 * gzip -1`, and plain dockerode `getArchive` through Node's zlib at level 1.
 * Usage: npm run bench:backup
 *   BENCH_SIZES_MB=1024      sizes of mixed data (half random, half log-like JSON text) in Grafana's volume (default 128)
 *   BENCH_RSS_SIZES_MB=4096  sizes at which only the default backup runs, for its peak RSS (default none)
 *   BENCH_STAGES=1           also time the pipeline stage by stage (bench/backup-stages.ts) at each size; =only: nothing else
 *   BENCH_ROUNDS=5           then time the limit and the zstd fast mode this many more times, one right after the other, and print the median ratio
 * Prints a table (with the load average before each size) and writes bench/results/backup-latest.json.
 * Figures, not assertions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { connectDocker } from '../src/docker/dockerode-gateway.js';
import { containerIds, docker } from '../test/support/docker-cli.js';
import { cliPath } from '../test/support/run-cli.js';
import { measureStages, printStages, type StageRow } from './backup-stages.js';
import { createTestStack, localImagesEnv } from '../test/support/test-stack.js';

const env = { ...process.env, NO_COLOR: '1' };
const dataDir = '/var/lib/grafana';
const sizesOf = (v: string | undefined, dflt: string) => (v ?? dflt).split(',').filter(Boolean).map(Number);

/** One timed run: wall time (ms), CPU seconds of the process and its children (user + system, from GNU time: the engine's own work is not in it), peak RSS (MB), stdout. */
interface Timed {
  ms: number;
  cpuS: number;
  rssMb: number;
  stdout: string;
}

/** Runs a command under GNU time; throws when it fails. */
function timed(cmd: string[]): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'gnutime %U %S %M', ...cmd], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [, user, sys, kb] = /gnutime ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr) ?? [];
  return { ms, cpuS: Number(user) + Number(sys), rssMb: Number(kb) / 1024, stdout: r.stdout };
}

/** A shell pipeline, timed. */
const timeShell = (script: string): Timed => timed(['bash', '-o', 'pipefail', '-c', script]);

/** One CLI run, timed. */
const timeCli = (args: string[]): Timed => timed([cliPath, ...args]);

/** Log-like JSON lines (what the stack's volumes mostly hold besides TSDB chunks): `mb` MB of them. */
async function writeText(path: string, mb: number): Promise<void> {
  const levels = ['info', 'info', 'info', 'debug', 'warn', 'error'];
  const paths = ['/api/v1/messages', '/api/v1/chat/completions', '/api/v1/users', '/metrics', '/healthz'];
  const hex = () => Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
  const out = createWriteStream(path);
  let t = Date.parse('2026-11-01T00:00:00Z');
  const chunks = function* () {
    for (let written = 0; written < mb << 20; ) {
      const lines: string[] = [];
      for (let i = 0; i < 4096; i++) {
        t += Math.floor(Math.random() * 50);
        const p = paths[Math.floor(Math.random() * paths.length)]!;
        lines.push(`{"ts":"${new Date(t).toISOString()}","level":"${levels[Math.floor(Math.random() * levels.length)]}","service":"ish-chat","trace":"${hex()}${hex()}","user":${Math.floor(Math.random() * 1e5)},"msg":"request completed","path":"${p}/${Math.floor(Math.random() * 1e6)}","status":${Math.random() < 0.97 ? 200 : 500},"ms":${(Math.random() * 300).toFixed(2)}}\n`);
      }
      const b = Buffer.from(lines.join(''));
      written += b.length;
      yield b;
    }
  };
  await pipeline(chunks, out);
}

/** Plain dockerode getArchive through Node's zlib level 1 into a file (no tar parsing, no checksums), timed in this process. */
async function timeGetArchiveGzip(container: string, file: string): Promise<Timed> {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const stream = await connectDocker(process.env).getArchive(container, dataDir);
  await pipeline(stream, createGzip({ level: 1 }), createWriteStream(file));
  const cpu = process.cpuUsage(cpu0);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuS: (cpu.user + cpu.system) / 1e6, rssMb: NaN, stdout: '' };
}

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/build-local-images.sh', '--env-file', localImagesEnv], { stdio: 'inherit' });
  const sizes = sizesOf(process.env.BENCH_SIZES_MB, '128');
  const rssSizes = sizesOf(process.env.BENCH_RSS_SIZES_MB, '');
  const stack = await createTestStack('bench-backup');
  const cli = (...a: string[]) => [...stack.args, ...a];
  const out = join(stack.dir, 'bk');
  mkdirSync(out);
  const rows: { sizeMb: number; load: string; what: string; ms: number; mbPerS: number; vsLimit: string; cpuS: number; rssMb?: number; outMb?: number }[] = [];
  const stages: { sizeMb: number; load: string; rows: StageRow[] }[] = [];
  const rounds = Number(process.env.BENCH_ROUNDS ?? 0);
  const pairs: { sizeMb: number; limitMs: number; zstdMs: number }[] = [];
  const archiveNamesDiffer = () => new Promise((r) => setTimeout(r, 1100)); // archive names have one-second resolution
  try {
    timeCli(cli('deploy'));
    const grafana = containerIds(stack.project).grafana!;
    const fill = async (sizeMb: number) => {
      const text = join(stack.dir, 'text.log');
      await writeText(text, sizeMb / 2);
      docker('exec', grafana, 'sh', '-c', `rm -f ${dataDir}/fill ${dataDir}/text.log && dd if=/dev/urandom of=${dataDir}/fill bs=1M count=${sizeMb / 2} 2>/dev/null`);
      docker('cp', text, `${grafana}:${dataDir}/text.log`);
      rmSync(text);
      // The data settles on disk before anything is timed.
      execFileSync('sync');
    };
    for (const sizeMb of [...sizes.map((s) => ({ s, full: true })), ...rssSizes.map((s) => ({ s, full: false }))]) {
      await fill(sizeMb.s);
      const load = loadavg()[0]!.toFixed(2);
      if (process.env.BENCH_STAGES && sizeMb.full) stages.push({ sizeMb: sizeMb.s, load, rows: await measureStages(grafana, dataDir, out) });
      if (process.env.BENCH_STAGES === 'only') continue;
      const row = (what: string, t: Timed, limit: Timed, withRss = true, outBytes?: number) =>
        rows.push({ sizeMb: sizeMb.s, load, what, ms: t.ms, mbPerS: sizeMb.s / (t.ms / 1000), vsLimit: `${(t.ms / limit.ms).toFixed(2)}x`, cpuS: t.cpuS, ...(withRss ? { rssMb: t.rssMb } : {}), ...(outBytes !== undefined ? { outMb: outBytes / 2 ** 20 } : {}) });
      const archiveBytes = (t: Timed) => (JSON.parse(t.stdout) as { sizeBytes: number }).sizeBytes;
      const backup = (...a: string[]) => timeCli(cli('backup', '--services', 'grafana', '--output', out, '--json', ...a));
      if (!sizeMb.full) {
        const gz = backup();
        row('ish-monitor backup (gzip, default; RSS only)', gz, gz);
        rmSync(out, { recursive: true, force: true });
        mkdirSync(out);
        continue;
      }
      const cpTar = join(out, 'cp.tar');
      const limit = timeShell(`docker cp ${grafana}:${dataDir} - > ${cpTar}`);
      row('docker cp C:/data - > file (the limit)', limit, limit, false);
      const gzip1 = timeShell(`docker cp ${grafana}:${dataDir} - | gzip -1 > ${cpTar}.gz`);
      row('docker cp C:/data - | gzip -1 > file', gzip1, limit, false, statSync(`${cpTar}.gz`).size);
      row('dockerode getArchive | zlib level 1 > file', await timeGetArchiveGzip(grafana, join(out, 'plain.tar.gz')), limit, false, statSync(join(out, 'plain.tar.gz')).size);
      rmSync(`${cpTar}.gz`);
      rmSync(join(out, 'plain.tar.gz'));
      const none = backup('--compression', 'none');
      row('ish-monitor backup --compression none', none, limit, true, archiveBytes(none));
      const plainFile = (JSON.parse(none.stdout) as { file: string }).file;
      await archiveNamesDiffer();
      const gz = backup();
      row(`ish-monitor backup (gzip, default) [${(gz.ms / gzip1.ms).toFixed(2)}x gzip -1]`, gz, limit, true, archiveBytes(gz));
      const gzFile = (JSON.parse(gz.stdout) as { file: string }).file;
      await archiveNamesDiffer();
      const zst = backup('--compression', 'zstd');
      row('ish-monitor backup --compression zstd (fast mode)', zst, limit, true, archiveBytes(zst));
      const zstFile = (JSON.parse(zst.stdout) as { file: string }).file;
      // The machine's speed drifts between runs: the fast mode's ratio again, limit and backup one after the other.
      for (let round = 0; round < rounds; round++) {
        await archiveNamesDiffer();
        const again = timeShell(`docker cp ${grafana}:${dataDir} - > ${cpTar}`);
        const z = backup('--compression', 'zstd');
        rmSync((JSON.parse(z.stdout) as { file: string }).file);
        pairs.push({ sizeMb: sizeMb.s, limitMs: again.ms, zstdMs: z.ms });
      }
      row('ish-monitor backup verify (none)', timeCli(['backup', 'verify', plainFile]), limit);
      row('ish-monitor backup verify (gzip)', timeCli(['backup', 'verify', gzFile]), limit);
      // The data files alone: the volume holds a read-only mount point (dashboards) docker cp cannot write over.
      const fillTar = join(out, 'fill.tar');
      timeShell(`docker exec ${grafana} tar -cf - -C ${dataDir} fill text.log > ${fillTar}`);
      const restoreLimit = timeShell(`docker cp - ${grafana}:${dataDir}/ < ${fillTar}`);
      row('docker cp - C:/ < file (restore limit)', restoreLimit, restoreLimit, false);
      // What a restore script does around that copy: stop, copy in, start, wait for Docker's health check.
      const healthy = `until [ "$(docker inspect -f '{{.State.Health.Status}}' ${grafana})" = healthy ]; do sleep 0.2; done`;
      row('script: docker stop; docker cp - C:/; docker start; healthy', timeShell(`docker stop ${grafana} >/dev/null && docker cp - ${grafana}:${dataDir}/ < ${fillTar} && docker start ${grafana} >/dev/null && ${healthy}`), restoreLimit, false);
      row('ish-monitor restore (none: one read, extract, swap, ready)', timeCli(cli('restore', plainFile, '--services', 'grafana', '--yes')), restoreLimit);
      row('ish-monitor restore (gzip)', timeCli(cli('restore', gzFile, '--services', 'grafana', '--yes')), restoreLimit);
      row('ish-monitor restore (zstd)', timeCli(cli('restore', zstFile, '--services', 'grafana', '--yes')), restoreLimit);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
    }
    const width = Math.max(...rows.map((r) => r.what.length));
    console.log(`\nish-monitor backup bench (node ${process.version}; mixed data: half random, half log-like text; load = 1-min load average before the size; cpu = user+sys of our process tree, not dockerd's)`);
    for (const r of rows) {
      console.log(`${String(r.sizeMb).padStart(5)} MB  load ${r.load}  ${r.what.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.mbPerS.toFixed(0).padStart(5)} MB/s  ${r.vsLimit.padStart(6)}  cpu ${r.cpuS.toFixed(1).padStart(5)} s  ${r.outMb !== undefined ? `out ${r.outMb.toFixed(0)} MiB  ` : ''}${r.rssMb !== undefined ? `peak RSS ${r.rssMb.toFixed(0)} MB` : ''}`);
    }
    for (const size of new Set(pairs.map((p) => p.sizeMb))) {
      const ratios = pairs.filter((p) => p.sizeMb === size).map((p) => p.zstdMs / p.limitMs).sort((a, b) => a - b);
      if (ratios.length < 2) continue;
      const median = ratios.length % 2 ? ratios[(ratios.length - 1) / 2]! : (ratios[ratios.length / 2 - 1]! + ratios[ratios.length / 2]!) / 2;
      console.log(`${String(size).padStart(5)} MB  zstd fast mode against the limit, ${ratios.length} rounds one after the other: median ${median.toFixed(2)}x (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
    }
    for (const st of stages) {
      console.log(`\n${st.sizeMb} MB, load ${st.load}:`);
      printStages(st.rows);
    }
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/backup-latest.json', `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, pairs, stages }, null, 2)}\n`);
  } finally {
    stack.destroy();
  }
}

await main();
