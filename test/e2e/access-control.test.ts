import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerIds, docker, projectResources } from '../support/docker-cli.js';
import { runCli, type CliRun } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';
import { selfSignedPair } from '../support/tls-pair.js';

/** An address of this host that is not loopback (the stack is then published beyond it), else every interface. */
function exposedAddress(): string {
  const v4 = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'));
  return v4?.address ?? '0.0.0.0';
}

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** The status of an HTTPS GET that trusts `ca` only (the host name is the address: not checked). */
function httpsStatus(url: string, headers: Record<string, string>, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, ca, checkServerIdentity: () => undefined }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('access control when published beyond loopback (real engine, built CLI)', () => {
  let stack: TestStack;
  let host: string;
  let secrets: string;
  const runs: CliRun[] = [];
  /** Other secrets the scan looks for: the TLS key. */
  const keys: string[] = [];
  const cli = async (...args: string[]) => {
    const r = await runCli([...stack.args, ...args], { XDG_CACHE_HOME: join(stack.dir, 'cache') });
    runs.push(r);
    return r;
  };
  const password = (file: string) => readFileSync(join(secrets, file), 'utf8').trim();
  const basic = (user: string, pw: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });
  const url = (service: 'prometheus' | 'alertmanager', path: string) => `http://${host.includes(':') ? `[${host}]` : host}:${stack.ports[service]}${path}`;

  beforeAll(async () => {
    stack = await createTestStack('access');
    host = exposedAddress();
    secrets = join(stack.dir, 'compose', 'secrets');
    appendFileSync(join(stack.dir, 'compose', '.env'), `ISH_MONITOR_BIND_ADDRESS=${host}\n`);
  });
  afterAll(() => stack?.destroy());

  it('refuses to publish Prometheus\' admin API beyond loopback, naming it and the fix; nothing is created', async () => {
    const r = await cli('deploy');
    expect(r.code, r.stderr).toBe(65);
    expect(r.stderr).toContain('--web.enable-admin-api');
    expect(r.stderr).toContain('PROMETHEUS_ADMIN_API_FLAG=--no-web.enable-admin-api');
    expect(projectResources(stack.project)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('deploys with basic auth: credentials generated 0600, the web config holds bcrypt hashes only', async () => {
    appendFileSync(join(stack.dir, 'compose', '.env'), 'PROMETHEUS_ADMIN_API_FLAG=--no-web.enable-admin-api\n');
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { access?: { auth: boolean; tls: boolean; passwordFile: string } };
    expect(doc.access).toMatchObject({ auth: true, tls: false, passwordFile: join(secrets, 'ish_monitor_web_password') });
    for (const f of ['ish_monitor_web_password', 'grafana_web_password', 'web/prometheus_password', 'web/web-config.yml', 'web/local-url']) {
      expect(statSync(join(secrets, f)).mode & 0o777, f).toBe(0o600);
    }
    const webConfig = readFileSync(join(secrets, 'web', 'web-config.yml'), 'utf8');
    for (const user of ['ish-monitor', 'prometheus', 'grafana']) expect(webConfig).toMatch(new RegExp(`^  ${user}: .?\\$2[aby]\\$10\\$`, 'm'));
    for (const f of ['ish_monitor_web_password', 'grafana_web_password', 'web/prometheus_password']) expect(webConfig).not.toContain(password(f));
    // Docker's own healthchecks (inside the containers) pass with auth on.
    const ids = containerIds(stack.project);
    for (const s of ['prometheus', 'alertmanager']) expect(docker('inspect', '--format', '{{.State.Health.Status}}', ids[s]!), s).toBe('healthy');
  });

  it('answers 401 without credentials or with a wrong password, 200 with the stored ones', async () => {
    const tool = password('ish_monitor_web_password');
    for (const [service, path] of [['prometheus', '/api/v1/query?query=up'], ['prometheus', '/-/ready'], ['alertmanager', '/api/v2/status'], ['alertmanager', '/-/ready']] as const) {
      expect((await fetch(url(service, path))).status, `${service}${path} without credentials`).toBe(401);
      expect((await fetch(url(service, path), { headers: basic('ish-monitor', `${tool}x`) })).status, `${service}${path} wrong password`).toBe(401);
      expect((await fetch(url(service, path), { headers: basic('ish-monitor', tool) })).status, `${service}${path} stored credentials`).toBe(200);
    }
  });

  it('keeps the services without a login on loopback: node-exporter and blackbox-exporter answer on 127.0.0.1 only', async () => {
    const ids = containerIds(stack.project);
    for (const [service, path] of [['node-exporter', '/metrics'], ['blackbox-exporter', '/-/healthy']] as const) {
      expect(docker('port', ids[service]!), service).toMatch(/^\d+\/tcp -> 127\.0\.0\.1:\d+$/);
      expect((await fetch(`http://127.0.0.1:${stack.ports[service]}${path}`)).status, `${service} on loopback`).toBe(200);
      const beyond = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${stack.ports[service]}${path}`).then((r) => r.status, () => 'refused');
      expect(beyond, `${service} at ${host}`).toBe('refused');
    }
  });

  it('Prometheus still scrapes itself and AlertManager and sends alerts there, through the auth', async () => {
    const auth = basic('ish-monitor', password('ish_monitor_web_password'));
    const deadline = Date.now() + 60_000;
    let up: Record<string, string> = {};
    let alertmanagers = 0;
    for (;;) {
      const q = (await (await fetch(url('prometheus', '/api/v1/query?query=up{job=~"prometheus|alertmanager"}'), { headers: auth })).json()) as { data: { result: { metric: { job: string }; value: [number, string] }[] } };
      up = Object.fromEntries(q.data.result.map((x) => [x.metric.job, x.value[1]]));
      const am = (await (await fetch(url('prometheus', '/api/v1/alertmanagers'), { headers: auth })).json()) as { data: { activeAlertmanagers: unknown[] } };
      alertmanagers = am.data.activeAlertmanagers.length;
      if ((up.prometheus === '1' && up.alertmanager === '1' && alertmanagers === 1) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(up).toEqual({ prometheus: '1', alertmanager: '1' });
    expect(alertmanagers).toBe(1);
  });

  it('a second deploy changes nothing (same hashes, same containers)', async () => {
    const before = containerIds(stack.project);
    const r = await cli('deploy', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { changed: boolean }).changed).toBe(false);
    expect(containerIds(stack.project)).toEqual(before);
  });

  // What these status runs prove is access through the credentials (and TLS), not speed: on a loaded
  // host a bcrypt-checked (and TLS) probe can take over the default 1 s that makes a service degraded,
  // or the 2 s that makes it down.
  const slowOk = ['--slow', '10000', '--probe-timeout', '15000'];

  it('status (exit 0, probes through the credentials) and backup still work', async () => {
    const s = await cli('status', '--json', ...slowOk);
    expect(s.code, s.stdout + s.stderr).toBe(0);
    const doc = JSON.parse(s.stdout) as { services: { service: string; probe?: { ok: boolean; status?: number } }[] };
    for (const name of ['prometheus', 'alertmanager']) expect(doc.services.find((x) => x.service === name)?.probe, name).toMatchObject({ ok: true, status: 200 });
    mkdirSync(join(stack.dir, 'backups'));
    const b = await cli('backup', '--output', join(stack.dir, 'backups'), '--json');
    expect(b.code, b.stderr).toBe(0);
    const backup = JSON.parse(b.stdout) as { verified: boolean; services: { service: string; method: string }[] };
    expect(backup.verified).toBe(true);
    // No admin API beyond loopback, so no snapshot: Prometheus is stopped for its copy and started again.
    expect(backup.services.find((x) => x.service === 'prometheus')?.method).toBe('stopped-during-copy');
  });

  it('with the operator\'s certificate and key: HTTPS only, still 401/200, and the stack keeps working', async () => {
    const pair = selfSignedPair();
    keys.push(pair.key.split('\n')[1]!);
    appendFileSync(join(stack.dir, 'compose', '.env'), `ISH_MONITOR_TLS_CERT_FILE=${pair.certFile}\nISH_MONITOR_TLS_KEY_FILE=${pair.keyFile}\n`);
    const d = await cli('deploy', '--json');
    expect(d.code, d.stderr).toBe(0);
    const doc = JSON.parse(d.stdout) as { access: { auth: boolean; tls: boolean }; endpoints: { service: string; url: string }[] };
    expect(doc.access).toMatchObject({ auth: true, tls: true });
    expect(doc.endpoints.find((e) => e.service === 'prometheus')?.url).toMatch(/^https:/);
    const auth = basic('ish-monitor', password('ish_monitor_web_password'));
    for (const service of ['prometheus', 'alertmanager'] as const) {
      const https = url(service, '/-/ready').replace(/^http:/, 'https:');
      expect(await httpsStatus(https, {}, pair.cert), service).toBe(401);
      expect(await httpsStatus(https, auth, pair.cert), service).toBe(200);
      // Plain HTTP gets no answer from the API (Go's TLS server says 400 to a plain request).
      expect((await fetch(url(service, '/-/ready'), { headers: auth })).status, service).toBe(400);
    }
    const s = await cli('status', '--json', ...slowOk);
    expect(s.code, s.stdout + s.stderr).toBe(0);
    // Prometheus scrapes itself and AlertManager over HTTPS with its own credentials.
    const query = url('prometheus', '/api/v1/query?query=up{job=~"prometheus|alertmanager"}==1').replace(/^http:/, 'https:');
    const deadline = Date.now() + 60_000;
    let found = 0;
    while (found < 2 && Date.now() < deadline) {
      const body = await new Promise<string>((resolve, reject) => {
        request(query, { headers: auth, ca: pair.cert, checkServerIdentity: () => undefined }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject).end();
      });
      found = (JSON.parse(body) as { data: { result: unknown[] } }).data.result.length;
      if (found < 2) await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(found).toBe(2);
  });

  it('on loopback with ISH_MONITOR_WEB_AUTH=on: auth stays on, and backup takes the TSDB snapshot through it', async () => {
    // Later lines of an env file win: back to loopback, the admin API on again, TLS off, auth asked for.
    appendFileSync(join(stack.dir, 'compose', '.env'), 'ISH_MONITOR_BIND_ADDRESS=127.0.0.1\nPROMETHEUS_ADMIN_API_FLAG=--web.enable-admin-api\nISH_MONITOR_TLS_CERT_FILE=\nISH_MONITOR_TLS_KEY_FILE=\nISH_MONITOR_WEB_AUTH=on\n');
    const d = await cli('deploy', '--json');
    expect(d.code, d.stderr).toBe(0);
    expect((JSON.parse(d.stdout) as { access: unknown }).access).toMatchObject({ auth: true, tls: false, reason: 'ISH_MONITOR_WEB_AUTH=on' });
    host = '127.0.0.1';
    expect((await fetch(url('prometheus', '/-/ready'))).status).toBe(401);
    const b = await cli('backup', '--output', join(stack.dir, 'backups'), '--json');
    expect(b.code, b.stderr).toBe(0);
    expect((JSON.parse(b.stdout) as { services: { service: string; method: string }[] }).services.find((x) => x.service === 'prometheus')?.method).toBe('tsdb-snapshot');
  });

  it('no password appears in container logs, CLI output, docker inspect, world-readable files or the archive', () => {
    const secretValues = ['ish_monitor_web_password', 'grafana_web_password', 'grafana_admin_password', 'web/prometheus_password'].map(password);
    expect(secretValues.every((v) => v.length >= 32)).toBe(true);
    const ids = Object.values(containerIds(stack.project));
    const places: [string, string][] = [
      ...runs.map((r, i): [string, string] => [`CLI run ${i}`, r.stdout + r.stderr]),
      ...ids.map((id): [string, string] => [`logs of ${id}`, docker('logs', id)]),
      ...ids.map((id): [string, string] => [`inspect of ${id}`, docker('inspect', id)]),
    ];
    const worldReadable = filesUnder(stack.dir).filter((f) => (statSync(f).mode & 0o004) !== 0);
    expect(worldReadable.length).toBeGreaterThan(0);
    for (const f of worldReadable) places.push([f, readFileSync(f, 'latin1')]);
    for (const f of filesUnder(join(stack.dir, 'backups'))) places.push([f, gunzipSync(readFileSync(f)).toString('latin1')]);
    for (const [where, text] of places) for (const v of [...secretValues, ...keys]) expect(text.includes(v), `a password in ${where}`).toBe(false);
  });
});
