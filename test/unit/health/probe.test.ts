import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../src/health/probe-http.js';
import { probeTarget } from '../../../src/health/probe-target.js';

describe('probeTarget', () => {
  const labels = { 'io.ish-monitor.probe.port': '3000', 'io.ish-monitor.probe.path': '/api/health', 'io.ish-monitor.probe.expect': 'database=ok' };
  it('builds the URL from the published port of the probe port', () => {
    expect(probeTarget(labels, [{ containerPort: 3000, hostPort: 13000, hostIp: '127.0.0.1', protocol: 'tcp' }], '127.0.0.1')).toEqual({
      url: 'http://127.0.0.1:13000/api/health',
      expect: 'database=ok',
    });
  });
  it('uses the Docker host for ports bound to every interface', () => {
    expect(probeTarget(labels, [{ containerPort: 3000, hostPort: 3000, hostIp: '0.0.0.0', protocol: 'tcp' }], 'docker.example')?.url).toBe('http://docker.example:3000/api/health');
  });
  it('has no target when the port is not published or no probe is declared', () => {
    expect(probeTarget(labels, [], '127.0.0.1')).toBeUndefined();
    expect(probeTarget({}, [{ containerPort: 3000, hostPort: 3000, hostIp: '', protocol: 'tcp' }], '127.0.0.1')).toBeUndefined();
  });
});

describe('probeHttp (real HTTP on loopback)', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') res.end('{"database":"ok"}');
      else if (req.url === '/db-failing') res.end('{"database":"failing"}');
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 500);
      else {
        res.statusCode = 503;
        res.end('not ready');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('passes on 2xx with the expected JSON field', async () => {
    const r = await probeHttp({ url: `${base}/ok`, expect: 'database=ok' }, 1000);
    expect(r).toMatchObject({ ok: true, status: 200, detail: 'HTTP 200' });
  });
  it('fails when the JSON field differs, naming it', async () => {
    const r = await probeHttp({ url: `${base}/db-failing`, expect: 'database=ok' }, 1000);
    expect(r).toMatchObject({ ok: false, detail: 'database is "failing", want "ok"' });
  });
  it('fails on a non-2xx status', async () => {
    expect(await probeHttp({ url: `${base}/-/ready` }, 1000)).toMatchObject({ ok: false, status: 503, detail: 'HTTP 503' });
  });
  it('times out instead of hanging', async () => {
    expect(await probeHttp({ url: `${base}/slow` }, 50)).toMatchObject({ ok: false, detail: 'no answer within 50 ms' });
  });
  it('reports a refused connection', async () => {
    expect(await probeHttp({ url: 'http://127.0.0.1:1/' }, 1000)).toMatchObject({ ok: false, detail: 'ECONNREFUSED' });
  });
});
