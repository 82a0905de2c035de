import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/compose/types.js';
import { ensureWebAccess } from '../../../src/core/ensure-web-access.js';
import { checkAdminApi, webAccessSettings } from '../../../src/core/web-access-settings.js';
import { renderLocalUrl, renderSdTargets, renderWebConfig, webConfigUsers } from '../../../src/core/web-config.js';
import { ConfigError } from '../../../src/errors.js';
import { serviceSpec } from '../../support/service-spec.js';
import { selfSignedPair } from '../../support/tls-pair.js';

const hash = '$2b$10$fZ4rwWlAsiS2jTnViNX4GexcIlEnKvy0Itpj1pUt/u/IKEMcWHhjC';

/** Prometheus and AlertManager as the compose file declares them, published on `hostIp`. */
function webServices(dir: string, hostIp: string | undefined, labels: Record<string, string> = {}): ServiceSpec[] {
  const web = { type: 'bind' as const, source: join(dir, 'secrets', 'web'), target: '/etc/ish-monitor/web', readOnly: true };
  const l = { 'io.ish-monitor.web.auth': 'auto', 'io.ish-monitor.web.tls-cert': '', 'io.ish-monitor.web.tls-key': '', ...labels };
  const port = (target: number) => ({ target, published: target, protocol: 'tcp' as const, ...(hostIp === undefined ? {} : { hostIp }) });
  const grafanaSecret = { type: 'bind' as const, source: join(dir, 'secrets', 'grafana_web_password'), target: '/run/secrets/grafana_web_password', readOnly: true };
  return [
    serviceSpec('prometheus', { user: '65534:65534', labels: l, ports: [port(9090)], volumes: [web], command: ['--storage.tsdb.path=/prometheus', '--web.enable-admin-api'] }),
    serviceSpec('alertmanager', { user: '65534:65534', labels: l, ports: [port(9093)], volumes: [web] }),
    serviceSpec('grafana', { user: '472:0', ports: [port(3000)], volumes: [grafanaSecret] }),
  ];
}

describe('web config rendering', () => {
  it('lists users with their hashes and the TLS pair, in the exporter-toolkit format', () => {
    const text = renderWebConfig({ users: { prometheus: hash, 'ish-monitor': hash }, tls: { certFile: '/w/tls.crt', keyFile: '/w/tls.key' } });
    expect(parse(text)).toEqual({
      tls_server_config: { cert_file: '/w/tls.crt', key_file: '/w/tls.key', min_version: 'TLS12' },
      basic_auth_users: { 'ish-monitor': hash, prometheus: hash },
    });
    expect(webConfigUsers(text)).toEqual({ 'ish-monitor': hash, prometheus: hash });
  });

  it('is only comments when auth and TLS are off: the programs then serve as without the flag', () => {
    const text = renderWebConfig({ users: {} });
    expect(parse(text)).toBeNull();
    expect(webConfigUsers(text)).toEqual({});
    expect(webConfigUsers(': not yaml: [')).toEqual({});
  });

  it('gives prometheus.yml the scheme through __scheme__, and the healthchecks their base URL', () => {
    expect(parse(renderSdTargets('alertmanager:9093', true))).toEqual([{ targets: ['alertmanager:9093'], labels: { __scheme__: 'https' } }]);
    expect(renderLocalUrl(false)).toBe('http://127.0.0.1\n');
    expect(renderLocalUrl(true, { user: 'prometheus', password: 'pw' })).toBe('https://prometheus:pw@127.0.0.1\n');
  });
});

describe('web access settings', () => {
  it('turns auth on beyond loopback and when asked, off on loopback', () => {
    expect(webAccessSettings(webServices('/x', '127.0.0.1'), '/x')).toMatchObject({ auth: false, reason: 'published on loopback only' });
    expect(webAccessSettings(webServices('/x', '0.0.0.0'), '/x')).toMatchObject({ auth: true, reason: 'prometheus publishes on 0.0.0.0' });
    expect(webAccessSettings(webServices('/x', '10.1.2.3'), '/x')?.auth).toBe(true);
    expect(webAccessSettings(webServices('/x', undefined), '/x')).toMatchObject({ auth: true, reason: 'prometheus publishes on every interface' });
    expect(webAccessSettings(webServices('/x', '127.0.0.1', { 'io.ish-monitor.web.auth': 'on' }), '/x')).toMatchObject({ auth: true, reason: 'ISH_MONITOR_WEB_AUTH=on' });
    expect(webAccessSettings([serviceSpec('node-exporter')], '/x')).toBeUndefined();
  });

  it('resolves certificate paths against the compose directory', () => {
    const s = webAccessSettings(webServices('/x', '127.0.0.1', { 'io.ish-monitor.web.tls-cert': 'tls/c.pem', 'io.ish-monitor.web.tls-key': '/etc/k.pem' }), '/srv/compose');
    expect(s?.tls).toEqual({ certFile: '/srv/compose/tls/c.pem', keyFile: '/etc/k.pem' });
  });

  it('names the variable of a bad mode or half a TLS pair', () => {
    expect(() => webAccessSettings(webServices('/x', '127.0.0.1', { 'io.ish-monitor.web.auth': 'yes' }), '/x')).toThrow(/ISH_MONITOR_WEB_AUTH is "yes"/);
    expect(() => webAccessSettings(webServices('/x', '127.0.0.1', { 'io.ish-monitor.web.tls-cert': '/c.pem' }), '/x')).toThrow(/ISH_MONITOR_TLS_KEY_FILE is not set/);
  });

  it('refuses the admin API on a port published beyond loopback, not on loopback or when turned off', () => {
    expect(() => checkAdminApi(webServices('/x', '127.0.0.1'))).not.toThrow();
    expect(() => checkAdminApi(webServices('/x', '0.0.0.0'))).toThrow(ConfigError);
    expect(() => checkAdminApi(webServices('/x', '0.0.0.0'))).toThrow(/prometheus would publish its admin API .* on 0\.0\.0\.0:9090/);
    const off = webServices('/x', '0.0.0.0').map((s) => ({ ...s, command: s.command?.map((a) => a.replace('--web', '--no-web')) }));
    expect(() => checkAdminApi(off)).not.toThrow();
  });
});

// bcrypt at cost 10 is slow on purpose: a run hashes and checks several passwords.
describe('ensureWebAccess (real files)', { timeout: 60_000 }, () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'ish-web-'));
  const snapshot = (dir: string) => Object.fromEntries(['ish_monitor_web_password', 'grafana_web_password', ...readdirSync(join(dir, 'secrets', 'web')).map((f) => `web/${f}`)].map((f) => [f, readFileSync(join(dir, 'secrets', f), 'utf8')]));

  it('generates one password per user (0600, owned by the reader) and a web config whose hashes match them', async () => {
    const dir = tmp();
    const r = await ensureWebAccess(dir, webServices(dir, '0.0.0.0'), false);
    expect(r).toMatchObject({ auth: true, tls: false, passwordFile: join(dir, 'secrets', 'ish_monitor_web_password') });
    expect(r!.generated).toHaveLength(3);
    const files = snapshot(dir);
    const users = webConfigUsers(files['web/web-config.yml']!);
    expect(Object.keys(users).sort()).toEqual(['grafana', 'ish-monitor', 'prometheus']);
    expect(await bcrypt.compare(files.ish_monitor_web_password!, users['ish-monitor']!)).toBe(true);
    expect(await bcrypt.compare(files['web/prometheus_password']!, users.prometheus!)).toBe(true);
    expect(await bcrypt.compare(files.grafana_web_password!, users.grafana!)).toBe(true);
    expect(files['web/local-url']).toBe(`http://prometheus:${files['web/prometheus_password']}@127.0.0.1\n`);
    for (const f of Object.keys(files)) expect(statSync(join(dir, 'secrets', f)).mode & 0o777, f).toBe(0o600);
    expect(statSync(join(dir, 'secrets', 'web')).mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0) {
      expect(statSync(join(dir, 'secrets', 'web', 'web-config.yml')).uid).toBe(65534);
      expect(statSync(join(dir, 'secrets', 'grafana_web_password')).uid).toBe(472);
      expect(statSync(join(dir, 'secrets', 'ish_monitor_web_password')).uid).toBe(0);
    }
  });

  it('rewrites nothing when nothing changed; a deleted password is rotated alone', async () => {
    const dir = tmp();
    await ensureWebAccess(dir, webServices(dir, '0.0.0.0'), false);
    const first = snapshot(dir);
    expect((await ensureWebAccess(dir, webServices(dir, '0.0.0.0'), false))!.generated).toEqual([]);
    expect(snapshot(dir)).toEqual(first);
    rmSync(join(dir, 'secrets', 'ish_monitor_web_password'));
    await ensureWebAccess(dir, webServices(dir, '0.0.0.0'), false);
    const after = snapshot(dir);
    expect(after.ish_monitor_web_password).not.toBe(first.ish_monitor_web_password);
    const [u0, u1] = [webConfigUsers(first['web/web-config.yml']!), webConfigUsers(after['web/web-config.yml']!)];
    expect(u1['ish-monitor']).not.toBe(u0['ish-monitor']);
    expect([u1.prometheus, u1.grafana]).toEqual([u0.prometheus, u0.grafana]);
  });

  it('on loopback: passwords exist (prometheus.yml and Grafana read theirs), the web config has no users', async () => {
    const dir = tmp();
    expect((await ensureWebAccess(dir, webServices(dir, '127.0.0.1'), false))?.auth).toBe(false);
    const files = snapshot(dir);
    expect(webConfigUsers(files['web/web-config.yml']!)).toEqual({});
    expect(files['web/local-url']).toBe('http://127.0.0.1\n');
    expect(files['web/prometheus_password']).toMatch(/^[\w-]{43}$/);
  });

  it('copies the operator\'s TLS pair, switches the scheme to https, and drops the copy when TLS is turned off', async () => {
    const dir = tmp();
    const pair = selfSignedPair();
    const tls = { 'io.ish-monitor.web.tls-cert': pair.certFile, 'io.ish-monitor.web.tls-key': pair.keyFile };
    expect((await ensureWebAccess(dir, webServices(dir, '0.0.0.0', tls), false))?.tls).toBe(true);
    const files = snapshot(dir);
    expect(files['web/tls.key']).toBe(pair.key);
    expect(parse(files['web/web-config.yml']!).tls_server_config).toMatchObject({ cert_file: '/etc/ish-monitor/web/tls.crt', key_file: '/etc/ish-monitor/web/tls.key' });
    expect(files['web/local-url']).toMatch(/^https:\/\/prometheus:/);
    expect(parse(files['web/sd-prometheus.yml']!)[0].labels.__scheme__).toBe('https');
    await ensureWebAccess(dir, webServices(dir, '0.0.0.0'), false);
    expect(readdirSync(join(dir, 'secrets', 'web'))).not.toContain('tls.key');
  });

  it('refuses a key that is not the certificate\'s, or a file it cannot read, before writing anything', async () => {
    const dir = tmp();
    const [a, b] = [selfSignedPair('a'), selfSignedPair('b')];
    const mixed = { 'io.ish-monitor.web.tls-cert': a.certFile, 'io.ish-monitor.web.tls-key': b.keyFile };
    await expect(ensureWebAccess(dir, webServices(dir, '0.0.0.0', mixed), false)).rejects.toThrow(/TLS key .* does not belong to certificate/);
    const missing = { 'io.ish-monitor.web.tls-cert': join(dir, 'none.pem'), 'io.ish-monitor.web.tls-key': b.keyFile };
    await expect(ensureWebAccess(dir, webServices(dir, '0.0.0.0', missing), false)).rejects.toThrow(/ISH_MONITOR_TLS_CERT_FILE .*none\.pem cannot be read \(ENOENT\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes nothing in a dry run', async () => {
    const dir = tmp();
    expect((await ensureWebAccess(dir, webServices(dir, '0.0.0.0'), true))?.auth).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});
