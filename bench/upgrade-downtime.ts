/**
 * Downtime per service during a successful `upgrade`: every service's own HTTP endpoint is polled
 * every 25 ms while the upgrade runs, and the time it does not answer (old container stopped until
 * the new one serves) is summed. Baseline in the same run: `restart` of the same services, which
 * stops and starts the same containers. Usage: npm run bench:upgrade (engine and local images
 * needed, as for the e2e tests). Prints a table, writes bench/results/upgrade-downtime.json.
 * Figures, not assertions.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { cliPath } from '../test/support/run-cli.js';
import { createTestStack, type TestStack } from '../test/support/test-stack.js';
import { buildUpgradeTarget, localImage } from '../test/support/upgrade-target-image.js';

type Service = keyof TestStack['ports'];

const endpoints: [Service, string, string][] = [
  ['prometheus', '/-/ready', 'PROMETHEUS_IMAGE'],
  ['alertmanager', '/-/ready', 'ALERTMANAGER_IMAGE'],
  ['grafana', '/api/health', 'GRAFANA_IMAGE'],
  // `/`, not /metrics: collecting every metric takes longer than a poll on a loaded host.
  ['node-exporter', '/', 'NODE_EXPORTER_IMAGE'],
  ['blackbox-exporter', '/-/healthy', 'BLACKBOX_EXPORTER_IMAGE'],
];

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Polls one endpoint until `stop` aborts; returns the summed time it did not answer, in ms. */
async function downtime(url: string, stop: AbortSignal): Promise<number> {
  let down = 0;
  let downSince: number | undefined;
  while (!stop.aborted) {
    const t = performance.now();
    const ok = await answers(url);
    if (!ok && downSince === undefined) downSince = t;
    if (ok && downSince !== undefined) {
      down += t - downSince;
      downSince = undefined;
    }
    await sleep(25);
  }
  return down + (downSince === undefined ? 0 : performance.now() - downSince);
}

/** Runs the CLI while polling every service; returns its wall time and the downtime per service. */
async function measured(stack: TestStack, args: string[]): Promise<{ wallMs: number; down: Record<string, number> }> {
  const stop = new AbortController();
  const polls = endpoints.map(([s, path]) => downtime(`http://127.0.0.1:${stack.ports[s]}${path}`, stop.signal));
  await sleep(200);
  const t0 = performance.now();
  // Asynchronously: the pollers must keep running while the CLI works.
  await new Promise<void>((resolve, reject) =>
    execFile(cliPath, [...stack.args, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, _out, stderr) =>
      err ? reject(new Error(`ish-monitor ${args.join(' ')} failed: ${stderr}`)) : resolve(),
    ),
  );
  const wallMs = performance.now() - t0;
  await sleep(500);
  stop.abort();
  const down = await Promise.all(polls);
  return { wallMs, down: Object.fromEntries(endpoints.map(([s], i) => [s, down[i]!])) };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const stack = await createTestStack('bench-upgrade');
  const state = { XDG_STATE_HOME: `${stack.dir}/state` };
  Object.assign(process.env, state);
  try {
    const originals = endpoints.map(([s, , v]) => [s, localImage(v)] as const);
    const targets = originals.map(([s, image]) => [s, buildUpgradeTarget(image)] as const);
    const set = (images: readonly (readonly [string, string])[]) => images.flatMap(([s, i]) => ['--set', `${s}=${i}`]);
    const deploy = spawnSync(cliPath, [...stack.args, 'deploy'], { env: process.env });
    if (deploy.status !== 0) throw new Error(`deploy failed: ${deploy.stderr}`);
    await sleep(2_000);
    const runs = [
      { what: 'restart (baseline)', ...(await measured(stack, ['restart'])) },
      { what: 'upgrade to targets', ...(await measured(stack, ['upgrade', '--yes', '--no-backup', ...set(targets)])) },
      { what: 'upgrade back', ...(await measured(stack, ['upgrade', '--yes', '--no-backup', ...set(originals)])) },
    ];
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    console.log(`load average (1 min) at the end: ${load} on ${(await import('node:os')).cpus().length} cores`);
    console.log(['run', 'wall', ...endpoints.map(([s]) => s)].join('\t'));
    for (const r of runs) console.log([r.what, fmt(r.wallMs), ...endpoints.map(([s]) => fmt(r.down[s]!))].join('\t'));
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/upgrade-downtime.json', `${JSON.stringify({ at: new Date().toISOString(), load, runs }, null, 2)}\n`);
  } finally {
    stack.destroy();
  }
}

await main();
