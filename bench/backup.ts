/**
 * Backup, verify and restore throughput, and the CLI's peak RSS against the volume size, beside the
 * engine's own archive stream (`docker cp`) as the baseline, in the same run.
 * Usage: npm run bench:backup   (BENCH_SIZES_MB=128,512 by default: incompressible data in Grafana's volume)
 * Prints a table and writes bench/results/backup-latest.json. Figures, not assertions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerIds, docker } from '../test/support/docker-cli.js';
import { cliPath } from '../test/support/run-cli.js';
import { createTestStack, localImagesEnv } from '../test/support/test-stack.js';

const env = { ...process.env, NO_COLOR: '1' };
const dataDir = '/var/lib/grafana';

/** Wall time (ms) of a shell pipeline. */
function timeShell(script: string): number {
  const t0 = process.hrtime.bigint();
  execFileSync('bash', ['-o', 'pipefail', '-c', script], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Wall time (ms), peak RSS (MB, from GNU time) and stdout of one CLI run; throws when it fails. */
function timeCli(args: string[]): { ms: number; rssMb: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', cliPath, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`ish-monitor ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const kb = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, rssMb: kb / 1024, stdout: r.stdout };
}

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/build-local-images.sh', '--env-file', localImagesEnv], { stdio: 'inherit' });
  const sizes = (process.env.BENCH_SIZES_MB ?? '128,512').split(',').map(Number);
  const stack = await createTestStack('bench-backup');
  const cli = (...a: string[]) => [...stack.args, ...a];
  const out = join(stack.dir, 'bk');
  mkdirSync(out);
  const rows: { sizeMb: number; what: string; ms: number; mbPerS: number; vsLimit: string; rssMb?: number }[] = [];
  try {
    timeCli(cli('deploy'));
    const grafana = containerIds(stack.project).grafana!;
    for (const sizeMb of sizes) {
      docker('exec', grafana, 'sh', '-c', `rm -f ${dataDir}/fill && dd if=/dev/urandom of=${dataDir}/fill bs=1M count=${sizeMb} 2>/dev/null`);
      const row = (what: string, ms: number, limitMs: number, rssMb?: number) =>
        rows.push({ sizeMb, what, ms, mbPerS: sizeMb / (ms / 1000), vsLimit: `${(ms / limitMs).toFixed(2)}x`, ...(rssMb !== undefined ? { rssMb } : {}) });
      const cpTar = join(out, 'cp.tar');
      const limit = timeShell(`docker cp ${grafana}:${dataDir} - > ${cpTar}`);
      row('docker cp C:/data - > file (the limit)', limit, limit);
      row('docker cp C:/data - | gzip -1 > file', timeShell(`docker cp ${grafana}:${dataDir} - | gzip -1 > ${cpTar}.gz`), limit);
      const none = timeCli(cli('backup', '--services', 'grafana', '--compression', 'none', '--output', out, '--json'));
      row('ish-monitor backup --compression none', none.ms, limit, none.rssMb);
      const plainFile = (JSON.parse(none.stdout) as { file: string }).file;
      await new Promise((r) => setTimeout(r, 1100)); // archive names have one-second resolution
      const gz = timeCli(cli('backup', '--services', 'grafana', '--output', out, '--json'));
      row('ish-monitor backup (gzip -1, default)', gz.ms, limit, gz.rssMb);
      await new Promise((r) => setTimeout(r, 1100));
      const zst = timeCli(cli('backup', '--services', 'grafana', '--compression', 'zstd', '--output', out, '--json'));
      row('ish-monitor backup --compression zstd (fast mode)', zst.ms, limit, zst.rssMb);
      const verify = timeCli(['backup', 'verify', plainFile]);
      row('ish-monitor backup verify (none)', verify.ms, limit, verify.rssMb);
      // The data file alone: the volume holds a read-only mount point (dashboards) docker cp cannot write over.
      const fillTar = join(out, 'fill.tar');
      timeShell(`docker cp ${grafana}:${dataDir}/fill - > ${fillTar}`);
      const restoreLimit = timeShell(`docker cp - ${grafana}:${dataDir}/ < ${fillTar}`);
      row('docker cp - C:/ < file (restore limit)', restoreLimit, restoreLimit);
      const restore = timeCli(cli('restore', plainFile, '--services', 'grafana', '--yes'));
      row('ish-monitor restore (verify + extract + swap + ready)', restore.ms, restoreLimit, restore.rssMb);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
    }
    const width = Math.max(...rows.map((r) => r.what.length));
    console.log(`\nish-monitor backup bench (node ${process.version}; incompressible data in one volume)`);
    for (const r of rows) {
      console.log(`${String(r.sizeMb).padStart(5)} MB  ${r.what.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.mbPerS.toFixed(0).padStart(5)} MB/s  ${r.vsLimit.padStart(6)}  ${r.rssMb !== undefined ? `peak RSS ${r.rssMb.toFixed(0)} MB` : ''}`);
    }
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/backup-latest.json', `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
  } finally {
    stack.destroy();
  }
}

await main();
