import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('simulate: bad input is one line with a documented exit code', () => {
  it('an unknown scenario names it and lists the known ones (exit 64)', async () => {
    const r = await runCli(['simulate', '--scenario', 'meltdown', '--port', '1']);
    expect(r.code).toBe(64);
    expect(errorLines(r.stderr)).toEqual(['error: unknown scenario "meltdown"']);
    expect(r.stderr).toMatch(/hint: one of: normal, provider-outage, latency-regression, .*load-balancer-down/);
  });

  it('a port in use names address and port (exit 71)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await runCli(['simulate', '--port', String(port)]);
      expect(r.code).toBe(71);
      expect(errorLines(r.stderr)).toEqual([`error: cannot listen on 127.0.0.1:${port}: EADDRINUSE`]);
    } finally {
      blocker.close();
    }
  });

  it('a port that is not a number is a usage error (exit 64)', async () => {
    const r = await runCli(['simulate', '--port', 'eighty']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('--port must be a positive whole number, got "eighty"');
  });
});
