import { describe, expect, it } from 'vitest';
import type { DeployResult } from '../../../src/core/deploy-stack.js';
import type { StackStatus } from '../../../src/core/get-stack-status.js';
import { formatUptime } from '../../../src/output/format.js';
import { plainProgress } from '../../../src/output/plain-progress.js';
import { renderDeploy } from '../../../src/output/render-deploy.js';
import { renderError } from '../../../src/output/render-error.js';
import { renderStatus } from '../../../src/output/render-status.js';
import { outputMode, paint } from '../../../src/output/style.js';
import { ConfigError, NotReadyError } from '../../../src/errors.js';

const plain = paint(false);

const status: StackStatus = {
  project: 'ish-monitoring',
  profiles: [],
  engine: { endpoint: 'unix:///var/run/docker.sock', reachable: true },
  status: 'critical',
  exitCode: 2,
  checks: {},
  findings: [],
  services: [
    { service: 'prometheus', core: true, state: 'exited', health: 'unhealthy', ports: [], level: 'down', reason: 'container exited', image: 'prom/prometheus:v3' },
    {
      service: 'node-exporter',
      core: false,
      state: 'running',
      health: 'healthy',
      uptimeSeconds: 3725,
      ports: ['127.0.0.1:9100->9100/tcp'],
      probe: { url: 'http://127.0.0.1:9100/metrics', ok: true, latencyMs: 12, detail: 'HTTP 200' },
      level: 'ok',
      reason: 'ready',
      image: 'prom/node-exporter:v1.9.1',
    },
  ],
};

describe('renderStatus', () => {
  it('prints a header with the level and exit code, aligned rows, and the problems', () => {
    expect(renderStatus(status, plain)).toBe(
      [
        'CRITICAL project ish-monitoring (exit 2)',
        '  SERVICE         STATE    HEALTH     UPTIME  PROBE    PORTS                     IMAGE',
        '✖ *prometheus     exited   unhealthy  -       -        -                         prom/prometheus:v3',
        '✔  node-exporter  running  healthy    1h2m    ok 12ms  127.0.0.1:9100->9100/tcp  prom/node-exporter:v1.9.1',
        'problems:',
        '  prometheus: container exited',
        '  (* core service: down means critical)',
        '',
      ].join('\n'),
    );
  });

  it('names the enabled profiles in the header', () => {
    expect(renderStatus({ ...status, profiles: ['exporters', 'logs'] }, plain).split('\n')[0]).toBe('CRITICAL project ish-monitoring (exit 2, profiles exporters,logs)');
  });

  it('has no escape codes when colour is off', () => {
    expect(renderStatus(status, plain)).not.toMatch(/\u001b\[/);
  });

  it('says in one line, under the header, what the last upgrade left and the command that recovers', () => {
    const upgrade = { state: 'interrupted' as const, startedAt: 'T', message: 'the upgrade started at T did not finish', hint: 'run `ish-monitor upgrade --rollback`' };
    expect(renderStatus({ ...status, upgrade }, plain).split('\n').slice(0, 2)).toEqual([
      'CRITICAL project ish-monitoring (exit 2)',
      'upgrade: the upgrade started at T did not finish; run `ish-monitor upgrade --rollback`',
    ]);
  });

  it('prints the reason when the engine is unreachable', () => {
    const s: StackStatus = { ...status, status: 'unknown', exitCode: 3, services: [], error: 'Docker engine not reachable at unix:///x: ENOENT' };
    expect(renderStatus(s, plain)).toBe('UNKNOWN project ish-monitoring (exit 3): Docker engine not reachable at unix:///x: ENOENT\n');
  });
});

describe('renderDeploy', () => {
  const result: DeployResult = {
    project: 'p',
    profiles: [],
    dryRun: true,
    changed: true,
    networksCreated: ['p_monitoring'],
    volumesCreated: [],
    imagesPulled: ['prom/prometheus:v3'],
    services: [
      { service: 'alertmanager', action: 'keep', reason: 'up to date' },
      { service: 'prometheus', action: 'recreate', reason: 'image changed' },
    ],
    orphansRemoved: ['p-old-1'],
    secrets: [{ path: '/x/secrets/grafana_admin_password', service: 'grafana', generated: true, empty: false }],
    endpoints: [{ service: 'prometheus', url: 'http://127.0.0.1:9090' }],
    warnings: [],
  };
  it('shows the plan in a dry run', () => {
    expect(renderDeploy(result, plain)).toBe(
      [
        'plan for project p (dry run: nothing changed)',
        '  network p_monitoring: create',
        '  image prom/prometheus:v3: pull',
        '  secret /x/secrets/grafana_admin_password (grafana): create (random value)',
        '  alertmanager  keep      up to date',
        '  prometheus    recreate  image changed',
        '  orphan p-old-1: remove',
        'would change the stack',
        '',
      ].join('\n'),
    );
  });
  it('prints endpoints and where the password is, never the password, after a real deploy', () => {
    const out = renderDeploy({ ...result, dryRun: false }, plain);
    expect(out).toContain('  prometheus  http://127.0.0.1:9090');
    expect(out).toContain('grafana admin password: in /x/secrets/grafana_admin_password');
  });
});

describe('renderError', () => {
  it('is one line plus hint, with details for readiness failures and no stack', () => {
    expect(renderError(new ConfigError('compose.yml:4: unknown key "imagee"', 'did you mean "image"?'), plain, false)).toBe(
      'error: compose.yml:4: unknown key "imagee"\nhint: did you mean "image"?\n',
    );
    const nr = renderError(new NotReadyError('grafana did not become ready', ['last 1 log lines of grafana:', '  boom']), plain, false);
    expect(nr.split('\n').slice(0, 3)).toEqual(['error: grafana did not become ready', 'last 1 log lines of grafana:', '  boom']);
  });
  it('names an unexpected error as a bug and shows the stack only with --verbose', () => {
    expect(renderError(new TypeError('x is undefined'), plain, false)).toMatch(/^internal error: x is undefined\nhint: this is a bug/);
    expect(renderError(new TypeError('x'), plain, true)).toMatch(/\n\s+at /);
  });
});

describe('outputMode', () => {
  it('turns colour and spinners off for pipes, NO_COLOR, --no-color, --json and CI', () => {
    expect(outputMode({}, {}, true, true)).toMatchObject({ color: true, interactive: true });
    expect(outputMode({}, {}, false, false)).toMatchObject({ color: false, interactive: false });
    expect(outputMode({}, { NO_COLOR: '1' }, true, true)).toMatchObject({ color: false, interactive: false });
    expect(outputMode({ color: false }, {}, true, true)).toMatchObject({ color: false, interactive: false });
    expect(outputMode({ json: true }, {}, true, true)).toMatchObject({ interactive: false, json: true });
    expect(outputMode({}, { CI: 'true' }, true, true)).toMatchObject({ interactive: false });
  });
});

describe('plainProgress', () => {
  it('writes timestamped lines and rate-limits updates per task', () => {
    const lines: string[] = [];
    let t = Date.parse('2026-01-01T00:00:00Z');
    const p = plainProgress((l) => lines.push(l), () => new Date(t));
    p.begin('pull', 'pulling x');
    p.update('pull', '1/3 layers');
    t += 6_000;
    p.update('pull', '2/3 layers');
    p.succeed('pull', 'pulled x');
    expect(lines).toEqual([
      '2026-01-01T00:00:00.000Z .. pulling x\n',
      '2026-01-01T00:00:06.000Z .. 2/3 layers\n',
      '2026-01-01T00:00:06.000Z ok pulled x\n',
    ]);
  });
});

describe('formatUptime', () => {
  it.each([
    [5, '5s'],
    [93, '1m33s'],
    [3725, '1h2m'],
    [90061, '1d1h1m'],
  ])('%i s -> %s', (s, want) => expect(formatUptime(s)).toBe(want));
});
