import { createServer, type Server } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectResources } from '../support/docker-cli.js';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

const nothing = { containers: [], networks: [], volumes: [] };

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
