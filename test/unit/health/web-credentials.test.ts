import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../src/health/probe-http.js';
import { probeTarget } from '../../../src/health/probe-target.js';
import { selfSignedPair } from '../../support/tls-pair.js';

const labels = (dir: string, tlsCert = '') => ({
  'com.docker.compose.project.working_dir': dir,
  'io.ish-monitor.probe.port': '9090',
  'io.ish-monitor.probe.path': '/-/ready',
  'io.ish-monitor.web.auth': 'auto',
  'io.ish-monitor.web.tls-cert': tlsCert,
});

describe('probes of a service behind the web config (real HTTPS with basic auth on loopback)', () => {
  const pair = selfSignedPair();
  const dir = mkdtempSync(join(tmpdir(), 'ish-cred-'));
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    mkdirSync(join(dir, 'secrets', 'web'), { recursive: true });
    writeFileSync(join(dir, 'secrets', 'web', 'tls.crt'), pair.cert);
    const expected = `Basic ${Buffer.from('ish-monitor:s3cret').toString('base64')}`;
    server = createServer({ cert: pair.cert, key: pair.key }, (req, res) => {
      res.statusCode = req.headers.authorization === expected ? 200 : 401;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const ports = () => [{ containerPort: 9090, hostPort: port, hostIp: '127.0.0.1', protocol: 'tcp' as const }];

  it('targets https with the paths of the credentials and certificate, never their content', () => {
    expect(probeTarget(labels(dir, '/etc/tls.crt'), ports(), '127.0.0.1')).toEqual({
      url: `https://127.0.0.1:${port}/-/ready`,
      credentials: { passwordFile: join(dir, 'secrets', 'ish_monitor_web_password'), caFile: join(dir, 'secrets', 'web', 'tls.crt') },
    });
    expect(probeTarget(labels(dir), ports(), '127.0.0.1')?.url).toBe(`http://127.0.0.1:${port}/-/ready`);
  });

  it('is answered 401 without the password file, 200 with it; the certificate is trusted from the copy', async () => {
    const target = probeTarget(labels(dir, '/etc/tls.crt'), ports(), '127.0.0.1')!;
    expect(await probeHttp(target, 5_000)).toMatchObject({ ok: false, status: 401, detail: 'HTTP 401' });
    writeFileSync(join(dir, 'secrets', 'ish_monitor_web_password'), 's3cret\n');
    expect(await probeHttp(target, 5_000)).toMatchObject({ ok: true, status: 200 });
  });

  it('does not trust a certificate it was not given', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ish-cred-'));
    mkdirSync(join(other, 'secrets', 'web'), { recursive: true });
    writeFileSync(join(other, 'secrets', 'web', 'tls.crt'), selfSignedPair('other').cert);
    const r = await probeHttp(probeTarget(labels(other, '/etc/tls.crt'), ports(), '127.0.0.1')!, 5_000);
    expect(r.ok).toBe(false);
    expect(r.status).toBeUndefined();
  });
});
