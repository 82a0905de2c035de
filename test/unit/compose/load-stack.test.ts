import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadStack } from '../../../src/compose/load-stack.js';
import { selectServices } from '../../../src/compose/select-services.js';
import { ConfigError, ExitCode, NoInputError } from '../../../src/errors.js';
import { FIXTURES, lines, loadError, loadText, writeStack } from './stack-helpers.js';

const REAL = 'compose/docker-compose.monitoring.yml';
// An explicit empty env file keeps compose/.env (written by the local-image build) out of these tests.
const NO_DOTENV = join(FIXTURES, 'empty.env');

// The real file is tuned by others (intervals, flags), so exact expectations come from its raw text
// through these independent tables rather than from copies of today's values.
const NS: Record<string, number> = { '5s': 5e9, '10s': 10e9, '15s': 15e9, '20s': 20e9, '30s': 30e9, '1m': 60e9 };
const BYTES: Record<string, number> = { '128m': 134_217_728, '256m': 268_435_456, '512m': 536_870_912, '1g': 1_073_741_824, '2g': 2_147_483_648 };
type RawService = { healthcheck: Record<string, string | number>; command: string[]; deploy: { resources: { limits: { memory: string } } } };
const raw = parse(readFileSync(REAL, 'utf8'), { merge: true }) as { services: Record<string, RawService> };

describe('the real compose file', () => {
  const loadReal = (env: Record<string, string> = {}) =>
    loadStack({ file: REAL, envFile: NO_DOTENV, env: { PROMETHEUS_IMAGE: 'local/prometheus:test', ...env } });

  it('loads with the documented defaults', async () => {
    const stack = await loadReal();
    expect(stack.project).toBe('ish-monitoring');
    expect(stack.composeFile).toBe(resolve(REAL));
    expect(stack.workingDir).toBe(resolve('compose'));
    // Without a profile: the five core services. The optional profiles are tested in test/config/profiles.test.ts.
    expect(selectServices(stack, []).map((s) => s.name)).toEqual(['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter']);
    expect(stack.networks).toEqual([{ name: 'monitoring', driver: 'bridge', labels: {} }]);
    expect(stack.volumes.map((v) => v.name).slice(0, 3)).toEqual(['prometheus_data', 'alertmanager_data', 'grafana_data']);
    expect(stack.warnings).toEqual([]);
  });

  it('normalises prometheus', async () => {
    const prometheus = (await loadReal()).services[0]!;
    expect(prometheus.image).toBe('local/prometheus:test');
    expect(prometheus.ports).toEqual([{ target: 9090, published: 9090, hostIp: '127.0.0.1', protocol: 'tcp' }]);
    const hc = raw.services.prometheus!.healthcheck;
    // toStrictEqual: a raw value missing from the tables must fail, not compare as undefined.
    expect(prometheus.healthcheck).toStrictEqual({
      // $$ in the file is a literal $: the shell in the container reads the generated URL (README, "Security").
      test: ['CMD-SHELL', 'wget -q --spider --no-check-certificate "$(cat /etc/ish-monitor/web/local-url):9090/-/ready"'],
      interval: NS[hc.interval!],
      timeout: NS[hc.timeout!],
      retries: hc.retries,
      startPeriod: NS[hc.start_period!],
    });
    expect(prometheus.healthcheck?.interval).toBeGreaterThan(0);
    expect(prometheus.limits).toStrictEqual({ memoryBytes: BYTES[raw.services.prometheus!.deploy.resources.limits.memory], nanoCpus: 1_000_000_000 });
    expect(prometheus.limits?.memoryBytes).toBe(2_147_483_648);
    expect(prometheus.volumes).toEqual([
      { type: 'volume', source: 'prometheus_data', target: '/prometheus', readOnly: false },
      { type: 'bind', source: resolve('monitoring/prometheus'), target: '/etc/prometheus', readOnly: true },
      { type: 'bind', source: resolve('compose/secrets/web'), target: '/etc/ish-monitor/web', readOnly: true },
    ]);
    expect(prometheus.command).toContain('--storage.tsdb.retention.time=15d');
    expect(prometheus.user).toBe('65534:65534');
    expect(prometheus.restart).toBe('unless-stopped');
    expect(prometheus.networks).toEqual(['monitoring']);
    expect(prometheus.dependsOn).toEqual([{ service: 'alertmanager', condition: 'service_started' }]);
    // From the `x-logging: &logging` anchor.
    expect(prometheus.logging).toEqual({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
    expect(prometheus.labels['io.ish-monitor.probe.port']).toBe('9090');
  });

  it('keeps $$ as a literal $ in node-exporter\'s regex', async () => {
    const nodeExporter = (await loadReal()).services.find((s) => s.name === 'node-exporter')!;
    const exclude = nodeExporter.command?.find((arg) => arg.startsWith('--collector.filesystem.mount-points-exclude='));
    expect(exclude).toMatch(/\(\$\|\/\)$/);
    expect(nodeExporter.command).toEqual(raw.services['node-exporter']!.command.map((arg) => arg.replaceAll('$$', '$')));
    expect(nodeExporter.limits?.memoryBytes).toBe(BYTES[raw.services['node-exporter']!.deploy.resources.limits.memory]);
  });

  it('normalises grafana: environment, secret bind, healthy dependency', async () => {
    const grafana = (await loadReal()).services.find((s) => s.name === 'grafana')!;
    expect(grafana.environment).toMatchObject({ GF_SECURITY_ADMIN_USER: 'admin', GF_USERS_ALLOW_SIGN_UP: 'false' });
    expect(grafana.volumes.find((v) => v.target === '/run/secrets/grafana_admin_password')).toEqual({
      type: 'bind',
      source: resolve('compose/secrets/grafana_admin_password'),
      target: '/run/secrets/grafana_admin_password',
      readOnly: true,
    });
    expect(grafana.dependsOn).toEqual([{ service: 'prometheus', condition: 'service_healthy' }]);
    expect(grafana.limits?.memoryBytes).toBe(BYTES[raw.services.grafana!.deploy.resources.limits.memory]);
  });

  it('follows the bind address, ports and project variables', async () => {
    const stack = await loadReal({ ISH_MONITOR_BIND_ADDRESS: '0.0.0.0', GRAFANA_PORT: '3001', ISH_MONITOR_PROJECT: 'monitoring-test' });
    expect(stack.project).toBe('monitoring-test');
    expect(stack.services.find((s) => s.name === 'grafana')!.ports).toEqual([{ target: 3000, published: 3001, hostIp: '0.0.0.0', protocol: 'tcp' }]);
    // The services without a login stay on loopback unless their own bind address moves them.
    expect(stack.services.find((s) => s.name === 'node-exporter')!.ports[0]?.hostIp).toBe('127.0.0.1');
    const exposed = await loadReal({ ISH_MONITOR_EXPORTERS_BIND_ADDRESS: '0.0.0.0' });
    expect(exposed.services.find((s) => s.name === 'blackbox-exporter')!.ports[0]?.hostIp).toBe('0.0.0.0');
  });

  it('also loads with whatever compose/.env holds', async () => {
    const stack = await loadStack({ file: REAL, env: {} });
    expect(selectServices(stack, [])).toHaveLength(5);
  });
});

describe('environment sources', () => {
  const dir = join(FIXTURES, 'with-dotenv');
  const file = join(dir, 'docker-compose.yml');

  it('reads .env next to the compose file', async () => {
    const app = (await loadStack({ file, env: {} })).services[0]!;
    expect(app.image).toBe('registry.local/app:from-dotenv');
    expect(app.environment).toEqual({ GREETING: 'hello from .env', FROM_DOTENV: 'literal $NOT_EXPANDED' });
  });

  it('lets the shell win over .env', async () => {
    const app = (await loadStack({ file, env: { APP_IMAGE: 'shell/app:1', GREETING: undefined } })).services[0]!;
    expect(app.image).toBe('shell/app:1');
    // An undefined entry in the shell env is not "set": .env still applies.
    expect(app.environment.GREETING).toBe('hello from .env');
  });

  it('uses an explicit env file instead of .env', async () => {
    const stack = await loadStack({ file, envFile: join(dir, 'alt.env'), env: {} });
    expect(stack.services[0]!.image).toBe('registry.local/app:from-alt');
    expect(stack.services[0]!.environment.GREETING).toBe('hello');
    expect(stack.warnings).toEqual([`${file}:6: variable "ONLY_IN_DOTENV" is not set; defaulting to a blank string`]);
  });

  it('a missing explicit env file is a NoInputError naming it', async () => {
    const err = await loadError(loadStack({ file, envFile: 'nope/prod.env', env: {} }));
    expect(err).toBeInstanceOf(NoInputError);
    expect(err.exitCode).toBe(ExitCode.noInput);
    expect(err.message).toBe('env file nope/prod.env not found');
  });

  it('a missing compose file is a NoInputError with a -f hint', async () => {
    const err = await loadError(loadStack({ file: 'compose/missing.yml', env: {} }));
    expect(err).toBeInstanceOf(NoInputError);
    expect(err.message).toBe('compose file compose/missing.yml not found');
    expect(err.hint).toMatch(/-f/);
  });

  it('merges env_file entries first, then environment on top', async () => {
    const stack = await loadText(
      lines(
        'services:',
        '  app:',
        '    image: app',
        '    env_file: [base.env, ./override.env]',
        '    environment:',
        '      - B=from-environment',
        '      - FROM_SHELL',
        '      - NOT_IN_SHELL',
      ),
      { env: { FROM_SHELL: 'shell-value' } },
      { 'base.env': 'A=base\nB=base\nC=base\n', 'override.env': 'C=override\n' },
    );
    expect(stack.services[0]!.environment).toEqual({ A: 'base', B: 'from-environment', C: 'override', FROM_SHELL: 'shell-value' });
  });

  it('a missing env_file names the compose line', async () => {
    const err = await loadError(loadText(lines('services:', '  app:', '    image: app', '    env_file:', '      - app.env')));
    expect(err).toBeInstanceOf(NoInputError);
    expect(err.message).toMatch(/docker-compose\.yml:5: env_file .*app\.env not found$/);
  });

  it('an optional env_file may be absent', async () => {
    const stack = await loadText(lines('services:', '  app:', '    image: app', '    env_file: [{path: app.env, required: false}]'));
    expect(stack.services[0]!.environment).toEqual({});
  });
});

describe('project name', () => {
  const compose = lines('services:', '  web:', '    image: nginx');

  it('falls back to the normalised directory name', async () => {
    const file = writeStack(compose, {}, 'My.Stack_01');
    expect((await loadStack({ file, env: {} })).project).toBe('mystack_01');
  });

  it('prefers name: over the directory', async () => {
    expect((await loadText(`name: from-file\n${compose}`)).project).toBe('from-file');
  });

  it('prefers COMPOSE_PROJECT_NAME (shell or .env) over name:, as docker compose does', async () => {
    expect((await loadText(`name: from-file\n${compose}`, { env: { COMPOSE_PROJECT_NAME: 'from-env' } })).project).toBe('from-env');
    expect((await loadText(`name: from-file\n${compose}`, {}, { '.env': 'COMPOSE_PROJECT_NAME=from-dotenv\n' })).project).toBe('from-dotenv');
  });

  it('prefers -p over everything', async () => {
    const stack = await loadText(`name: from-file\n${compose}`, { projectName: 'from-flag', env: { COMPOSE_PROJECT_NAME: 'from-env' } });
    expect(stack.project).toBe('from-flag');
  });

  it('interpolates name:', async () => {
    expect((await loadText(`name: \${P:-dflt}-stack\n${compose}`, { env: { P: 'ops' } })).project).toBe('ops-stack');
  });

  it('rejects an invalid explicit name with the rule', async () => {
    const err = await loadError(loadText(compose, { projectName: 'My Project' }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('invalid project name "My Project" (from -p/--project-name)');
    expect(err.hint).toMatch(/lowercase letters, digits, dashes and underscores/);
  });

  it('rejects an invalid name: at its line', async () => {
    const err = await loadError(loadText(`# top\nname: _bad\n${compose}`));
    expect(err.message).toMatch(/docker-compose\.yml:2: invalid project name "_bad" \(from name:\)$/);
  });
});
