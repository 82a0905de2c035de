/**
 * Start-up and convergence figures, measured against Node's own start-up in the same run.
 * Usage: npm run bench   (needs the engine and local images: scripts/test.sh sets both up)
 * Prints a table and writes bench/results/latest.json. Figures, not assertions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerIds } from '../test/support/docker-cli.js';
import { cliPath } from '../test/support/run-cli.js';
import { createTestStack, localImagesEnv, type TestStack } from '../test/support/test-stack.js';

const env = { ...process.env, NO_COLOR: '1' };

/** Wall time of one run of a command, in ms; throws when it fails with an unexpected code. */
function timeOnce(cmd: string, args: string[], okCodes = [0], extraEnv: Record<string, string> = {}): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!okCodes.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median of `runs` runs after `warmup` unmeasured ones. */
function measure(cmd: string, args: string[], runs: number, warmup = 2, okCodes = [0]): number {
  for (let i = 0; i < warmup; i++) timeOnce(cmd, args, okCodes);
  return median(Array.from({ length: runs }, () => timeOnce(cmd, args, okCodes)));
}

/** Median of runs that each start with an empty cache directory (stack and validation caches cold). */
function measureColdCache(args: string[], runs: number): number {
  return median(
    Array.from({ length: runs }, () => {
      const dir = mkdtempSync(join(tmpdir(), 'ish-bench-cache-'));
      try {
        return timeOnce(cliPath, args, [0], { XDG_CACHE_HOME: dir });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
  );
}

function shellBaseline(stack: TestStack): string[] {
  const probes: [keyof TestStack['ports'], string][] = [
    ['prometheus', '/-/ready'],
    ['alertmanager', '/-/ready'],
    ['grafana', '/api/health'],
    ['node-exporter', '/metrics'],
    ['blackbox-exporter', '/-/healthy'],
  ];
  const curls = probes
    .map(([s, path]) => `curl -fsS -o /dev/null -m 2 http://127.0.0.1:${stack.ports[s]}${path}`)
    .join(' && ');
  return ['-c', `docker ps --filter label=com.docker.compose.project=${stack.project} --format '{{.Names}} {{.Status}}' >/dev/null && ${curls}`];
}

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/build-local-images.sh', '--env-file', localImagesEnv], { stdio: 'inherit' });
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  const stack = await createTestStack('bench');
  const cli = (...a: string[]) => [...stack.args, ...a];
  try {
    const firstDeploys: number[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) stack.destroyEngineState();
      firstDeploys.push(timeOnce(cliPath, cli('deploy')));
    }
    const before = containerIds(stack.project);
    const noChange = measure(cliPath, cli('deploy'), runs, 1);
    const noChangeCold = measureColdCache(cli('deploy'), Math.min(runs, 5));
    const validate = measure(cliPath, cli('validate'), runs, 1);
    const validateCold = measureColdCache(cli('validate'), Math.min(runs, 5));
    const after = containerIds(stack.project);
    const recreated = Object.keys(before).filter((s) => before[s] !== after[s]).length;

    const nodeFloor = measure(process.execPath, ['-e', '0'], runs);
    const version = measure(cliPath, ['--version'], runs);
    // On a loaded machine status may answer 1 (a probe slower than --slow): still a measured run.
    const status = measure(cliPath, cli('status'), runs, 2, [0, 1]);
    const statusJson = measure(cliPath, cli('status', '--json'), runs, 2, [0, 1]);
    const shell = measure('bash', shellBaseline(stack), runs);

    const rows: [string, number, string][] = [
      ['node -e 0 (floor)', nodeFloor, '1.00x'],
      ['ish-monitor --version', version, `${(version / nodeFloor).toFixed(2)}x (goal <= 1.3x)`],
      ['ish-monitor status (healthy stack)', status, `${(status / nodeFloor).toFixed(2)}x (goal <= 2.2x, with the deeper checks)`],
      ['ish-monitor status --json', statusJson, `${(statusJson / nodeFloor).toFixed(2)}x`],
      ['shell baseline: docker ps + 5 curl', shell, `${(shell / nodeFloor).toFixed(2)}x`],
      ['deploy, nothing changed', noChange, `goal < 1000 ms; containers recreated: ${recreated}`],
      ['deploy, nothing changed, cold caches', noChangeCold, 'validation runs the tools in the services\' images'],
      ['validate, unchanged (cached)', validate, ''],
      ['validate, cold caches (tools in images)', validateCold, ''],
      ['first deploy to all-ready (local images)', median(firstDeploys), `runs: ${firstDeploys.map((x) => Math.round(x)).join(', ')} ms`],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`\nish-monitor bench (${runs} runs each, medians; node ${process.version})`);
    for (const [name, ms, note] of rows) console.log(`${name.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms  ${note}`);
    mkdirSync('bench/results', { recursive: true });
    const doc = { date: new Date().toISOString(), node: process.version, runs, images: readFileSync(localImagesEnv, 'utf8').trim().split('\n'), rows, recreated };
    writeFileSync('bench/results/latest.json', `${JSON.stringify(doc, null, 2)}\n`);
  } finally {
    stack.destroy();
  }
}

await main();
