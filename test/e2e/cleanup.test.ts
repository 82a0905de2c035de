/**
 * `cleanup` on a real engine, through the built CLI: it removes exactly the project's labelled
 * resources (every profile), keeps the data volumes unless --volumes, asks on a terminal, refuses
 * --volumes without a terminal and without --yes, and leaves look-alike resources without the labels alone.
 *
 * The test stack runs its images under tags of its own (extra tags of the locally built images), so
 * `--images` can be exercised without taking the shared local images away from the other e2e files:
 * removing a test tag only untags, the image stays under its ish-monitor-local name.
 * The `exporters` profile is cut down to pushgateway (the other exporters need targets or have no
 * build here; see profiles.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { docker, projectResources } from '../support/docker-cli.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const services = ['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter', 'pushgateway'];
const imageVariables = ['PROMETHEUS_IMAGE', 'ALERTMANAGER_IMAGE', 'GRAFANA_IMAGE', 'NODE_EXPORTER_IMAGE', 'BLACKBOX_EXPORTER_IMAGE', 'PUSHGATEWAY_IMAGE', 'SIMULATOR_IMAGE'];

interface CleanupDoc {
  project: string;
  dryRun: boolean;
  declined: boolean;
  containers: { name: string; service: string }[];
  networks: string[];
  volumes: { name: string; sizeBytes?: number }[];
  keptVolumes: string[];
  images: { refs: string[]; deletes: boolean }[];
  keptImages: { ref: string; reason: string }[];
}

const exists = (kind: 'container' | 'volume' | 'network' | 'image', name: string) => {
  try {
    docker(kind, 'inspect', name);
    return true;
  } catch {
    return false;
  }
};

describe('cleanup removes exactly the project\'s labelled resources', () => {
  let stack: TestStack;
  let testTags: Record<string, string> = {};
  const foreign = { containers: [] as string[], volumes: [] as string[], networks: [] as string[] };
  const cli = (...args: string[]) => runCli([...stack.args, ...args]);
  const sorted = (list: string[]) => [...list].sort();

  beforeAll(async () => {
    stack = await createTestStack('clean');
    const envFile = join(stack.dir, 'compose', '.env');
    const env = readFileSync(envFile, 'utf8');
    const lines: string[] = [];
    for (const v of imageVariables) {
      const local = new RegExp(`^${v}=(.+)$`, 'm').exec(env)?.[1];
      if (!local) throw new Error(`${v} missing from the local images env`);
      const tag = `ishe2e-clean-${process.pid}/${v.toLowerCase().replace(/_image$/, '')}:1`;
      docker('tag', local, tag);
      testTags[v] = tag;
      lines.push(`${v}=${tag}`);
    }
    writeFileSync(envFile, `${env}${lines.join('\n')}\n`);
    const doc = parseDocument(readFileSync(stack.composeFile, 'utf8'));
    for (const s of ['postgres-exporter', 'redis-exporter', 'nginx-exporter', 'cadvisor']) doc.deleteIn(['services', s]);
    writeFileSync(stack.composeFile, doc.toString());
  });

  afterAll(() => {
    for (const c of foreign.containers) docker('rm', '-f', '-v', c);
    for (const v of foreign.volumes) docker('volume', 'rm', '-f', v);
    for (const n of foreign.networks) docker('network', 'rm', n);
    for (const tag of Object.values(testTags)) if (exists('image', tag)) docker('rmi', tag);
    stack?.destroy();
  });

  it('deploys the stack with a profile, then look-alikes without the project\'s labels appear', async () => {
    const r = await cli('--profile', 'exporters', 'deploy', '--no-wait', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(sorted((JSON.parse(r.stdout) as { services: { service: string }[] }).services.map((s) => s.service))).toEqual(sorted(services));
    // Data that must survive a cleanup without --volumes.
    docker('exec', '-u', '0', `${stack.project}-prometheus-1`, 'sh', '-c', 'echo kept > /prometheus/e2e-marker');

    const p = stack.project;
    // Same name pattern, no labels at all (made by hand), using a stack image.
    docker('create', '--name', `${p}-prometheus-2`, testTags.PROMETHEUS_IMAGE!);
    foreign.containers.push(`${p}-prometheus-2`);
    // Another ish-monitor project's labels.
    const other = ['--label', `com.docker.compose.project=${p}-other`, '--label', 'io.ish-monitor.managed=true'];
    docker('create', '--name', `${p}-other-grafana-1`, ...other, testTags.GRAFANA_IMAGE!);
    foreign.containers.push(`${p}-other-grafana-1`);
    docker('volume', 'create', `${p}_prometheus_data_copy`);
    docker('volume', 'create', ...other, `${p}-other_prometheus_data`);
    foreign.volumes.push(`${p}_prometheus_data_copy`, `${p}-other_prometheus_data`);
    docker('network', 'create', `${p}_monitoring_copy`);
    foreign.networks.push(`${p}_monitoring_copy`);
  });

  it('--dry-run lists what would go and removes nothing', async () => {
    const before = projectResources(stack.project);
    const r = await cli('cleanup', '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as CleanupDoc;
    expect(doc.dryRun).toBe(true);
    expect(sorted(doc.containers.map((c) => c.service))).toEqual(sorted(services));
    // Dependents stop first: grafana before prometheus before alertmanager.
    const order = doc.containers.map((c) => c.service);
    expect(order.indexOf('grafana')).toBeLessThan(order.indexOf('prometheus'));
    expect(order.indexOf('prometheus')).toBeLessThan(order.indexOf('alertmanager'));
    expect(doc.networks).toEqual([`${stack.project}_monitoring`]);
    expect(doc.volumes).toEqual([]);
    expect(sorted(doc.keptVolumes)).toEqual(sorted(before.volumes));
    const text = await cli('cleanup', '--dry-run');
    expect(text.stdout).toContain('cleanup would remove (dry run: nothing removed)');
    expect(projectResources(stack.project)).toEqual(before);
  });

  it('cleanup removes containers (every profile) and the network, keeps the volumes and says how to remove them', async () => {
    const volumes = projectResources(stack.project).volumes;
    const r = await cli('cleanup', '-t', '5');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`project ${stack.project}: cleanup will remove`);
    expect(r.stdout).toMatch(new RegExp(`container\\s+${stack.project}-pushgateway-1`));
    expect(r.stdout).toContain(`keeping ${volumes.length} data volumes`);
    expect(r.stdout).toContain('`ish-monitor cleanup --volumes`');
    expect(r.stdout).toContain(`project ${stack.project}: removed 6 containers, 1 network`);
    expect(projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes });
    for (const c of foreign.containers) expect(exists('container', c), c).toBe(true);
    for (const v of foreign.volumes) expect(exists('volume', v), v).toBe(true);
    for (const n of foreign.networks) expect(exists('network', n), n).toBe(true);
  });

  it('a second deploy finds the data volumes again, data included', async () => {
    const r = await cli('deploy', '--no-wait', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).volumesCreated).toEqual([]);
    expect(docker('exec', `${stack.project}-prometheus-1`, 'cat', '/prometheus/e2e-marker')).toBe('kept');
  });

  it('--volumes without a terminal and without --yes refuses (exit 64) and removes nothing', async () => {
    const before = projectResources(stack.project);
    const r = await cli('cleanup', '--volumes');
    expect(r.code).toBe(64);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('--yes');
    expect(r.stdout).toBe('');
    expect(projectResources(stack.project)).toEqual(before);
  });

  it('--volumes on a terminal shows the sizes and asks; "n" removes nothing (exit 0)', () => {
    const before = projectResources(stack.project);
    // util-linux `script` gives the CLI a real terminal; the answer comes in on it.
    const command = [cliPath, '-f', stack.composeFile, 'cleanup', '--volumes'].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { input: 'n\n', encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`volume\\s+${stack.project}_prometheus_data\\s+\\d`));
    expect(r.stdout).toContain('back up first: `ish-monitor backup`');
    expect(r.stdout).toMatch(/delete \d+ data volumes \(.+\) of project .+ for good\? \[y\/N\]/);
    expect(r.stdout).toContain('nothing removed (not confirmed)');
    expect(projectResources(stack.project)).toEqual(before);
  });

  it('--volumes --yes --images removes the volumes (with sizes) and the stack\'s image tags nobody else uses; look-alikes survive', async () => {
    const volumes = projectResources(stack.project).volumes;
    const r = await cli('cleanup', '--volumes', '--yes', '--images', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as CleanupDoc;
    expect(sorted(doc.volumes.map((v) => v.name))).toEqual(sorted(volumes));
    expect(doc.volumes.find((v) => v.name === `${stack.project}_prometheus_data`)?.sizeBytes).toBeGreaterThan(0);
    expect(projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });

    // The foreign container uses the prometheus image: its tag stays. The others are untagged only.
    expect(doc.keptImages).toContainEqual({ ref: testTags.PROMETHEUS_IMAGE, reason: `used by container ${stack.project}-prometheus-2, which is not this project's` });
    expect(doc.keptImages).toContainEqual(expect.objectContaining({ ref: testTags.GRAFANA_IMAGE }));
    expect(exists('image', testTags.PROMETHEUS_IMAGE!)).toBe(true);
    const removed = doc.images.flatMap((i) => i.refs);
    for (const [v, tag] of Object.entries(testTags)) {
      if (v === 'PROMETHEUS_IMAGE' || v === 'GRAFANA_IMAGE') continue;
      const keptFor = doc.keptImages.find((k) => k.ref === tag)?.reason;
      // Another container on this engine may use the same local image: then it is rightly kept.
      if (keptFor) expect(keptFor).toMatch(/^used by container /);
      else {
        expect(removed).toContain(tag);
        expect(exists('image', tag), tag).toBe(false);
      }
    }
    expect(doc.images.every((i) => !i.deletes)).toBe(true);
    for (const line of readFileSync(join(stack.dir, 'compose', '.env'), 'utf8').split('\n')) {
      const local = /^[A-Z_]+_IMAGE=(ish-monitor-local\/.+)$/.exec(line)?.[1];
      if (local && imageVariables.some((v) => line.startsWith(`${v}=`))) expect(exists('image', local), local).toBe(true);
    }
    for (const c of foreign.containers) expect(exists('container', c), c).toBe(true);
    for (const v of foreign.volumes) expect(exists('volume', v), v).toBe(true);
    for (const n of foreign.networks) expect(exists('network', n), n).toBe(true);
  });
});
