import { createServer, type Server } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectResources } from '../support/docker-cli.js';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const nothing = { containers: [], networks: [], volumes: [] };

describe('deploy explains a service that never becomes ready', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack('never');
    const envFile = join(stack.dir, 'compose', '.env');
    // A real program that runs but never answers its health check: listens nowhere.
    writeFileSync(envFile, `${readFileSync(envFile, 'utf8')}BLACKBOX_EXPORTER_IMAGE=ish-monitor-local/never-ready:1\n`);
  });
  afterAll(() => stack?.destroy());

  it('exits 75 at the deadline naming the service, with its health-check output and log lines', async () => {
    const r = await runCli([...stack.args, 'deploy', '--wait-timeout', '20']);
    expect(r.code, r.stderr).toBe(75);
    const lines = r.stderr.split('\n');
    expect(lines.find((l) => l.startsWith('error:'))).toMatch(/^error: blackbox-exporter did not become ready within \d+ s: health check (failing|starting)/);
    expect(r.stderr).toMatch(/last health check of blackbox-exporter \(exit 1\): .*Connection refused|last health check of blackbox-exporter \(exit 1\)/);
    expect(r.stderr).toContain('never-ready: running, listening nowhere');
    expect(r.stderr).toContain('hint: raise --wait-timeout');
  });
});

describe('deploy refuses before touching anything', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack('refuse');
  });
  afterAll(() => stack?.destroy());

  it('a host port already in use: exit 71, names port and service, nothing created', async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(stack.ports.grafana, '127.0.0.1', r));
    try {
      const r = await runCli([...stack.args, 'deploy']);
      expect(r.code, r.stderr).toBe(71);
      const line = r.stderr.split('\n').find((l) => l.startsWith('error:'));
      expect(line).toBe(`error: port 127.0.0.1:${stack.ports.grafana} of service grafana is already in use on this host`);
      expect(projectResources(stack.project)).toEqual(nothing);
      // doctor names the same port, exits 2 (a failed check), and creates nothing either.
      const d = await runCli([...stack.args, 'doctor']);
      expect(d.code, d.stderr).toBe(2);
      expect(d.stdout).toContain(`fail  host ports     port 127.0.0.1:${stack.ports.grafana} of service grafana is already in use on this host`);
      expect(projectResources(stack.project)).toEqual(nothing);
    } finally {
      holder.close();
    }
  });

  it('an image that is not local and cannot be pulled: exit 71, names the image, nothing created', async () => {
    const envFile = join(stack.dir, 'compose', '.env');
    writeFileSync(envFile, `${readFileSync(envFile, 'utf8')}PROMETHEUS_IMAGE=ish-monitor-local/does-not-exist:1\n`);
    const r = await runCli([...stack.args, 'deploy']);
    expect(r.code, r.stderr).toBe(71);
    const line = r.stderr.split('\n').find((l) => l.startsWith('error:'));
    expect(line).toMatch(/^error: image ish-monitor-local\/does-not-exist:1 is not on the engine and cannot be pulled: /);
    expect(projectResources(stack.project)).toEqual(nothing);
  });
});
