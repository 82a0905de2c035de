import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFindings, type FindingOptions } from '../../../src/core/check-findings.js';
import { grafanaCredentials } from '../../../src/core/grafana-login.js';
import { parseAlerts } from '../../../src/core/firing-alerts.js';
import { parseRules } from '../../../src/core/rule-health.js';
import { parseTargets } from '../../../src/core/scrape-targets.js';
import type { StackChecks } from '../../../src/core/stack-checks.js';
import { stackLevel } from '../../../src/core/status-level.js';
import { serviceSpec } from '../../support/service-spec.js';

const json = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/status/${name}`, import.meta.url), 'utf8'));
const opts: FindingOptions = { tsdbFullRatio: 0.9, downServices: new Set(), grafanaContainer: 'ish-monitoring-grafana-1' };
const stackServices = new Set(['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter']);
const tsdb = { storageBytes: 0, walCounted: true, retentionSizeBytes: 1000, retentionSizeUsedRatio: 0, retentionTimeSeconds: 86_400, oldestSampleAgeSeconds: 60, headSeries: 10 };
const levelOf = (checks: StackChecks, o = opts) => stackLevel([{ core: true, level: 'ok' }], checkFindings(checks, o));

describe('checkFindings and the level they set', () => {
  it('a down target of a stack job is degraded (exit 1), naming the job and its error', () => {
    const checks = { targets: parseTargets(json('prom-targets-nodeexp-missing.json'), { stackServices, startedAt: new Map() }) };
    const [f] = checkFindings(checks, opts);
    expect(f).toMatchObject({ check: 'targets', level: 'degraded', hint: 'see `ish-monitor logs node-exporter`' });
    expect(f!.message).toMatch(/^scrape target down: job node-exporter, 1 of 1 down \(node-exporter:9100: Get .*no such host\)$/);
    expect(levelOf(checks)).toEqual({ status: 'degraded', exitCode: 1 });
  });

  it('down targets of the monitored backend, and critical alerts firing, are facts: exit stays 0', () => {
    const checks = { targets: parseTargets(json('prom-targets.json'), { stackServices, startedAt: new Map() }), alerts: parseAlerts(json('am-alerts.json')) };
    const findings = checkFindings(checks, opts);
    expect(findings.map((f) => [f.level, f.message.split(':')[0]])).toEqual([
      ['info', 'monitored target down'],
      ['info', 'monitored target down'],
      ['info', 'monitored target down'],
      ['info', 'critical alerts firing'],
    ]);
    expect(levelOf(checks)).toEqual({ status: 'ok', exitCode: 0 });
  });

  it('a failing rule is degraded, with the rule file in the hint', () => {
    const [f] = checkFindings({ rules: parseRules(json('prom-rules-errors.json')) }, opts);
    expect(f).toEqual({
      check: 'rules',
      level: 'degraded',
      message: 'rule evaluation failing: group broken, rule duplicate:up: vector cannot contain metrics with the same labelset',
      hint: 'fix the rule in /etc/prometheus/rules.yml (promtool check rules, promtool test rules)',
    });
  });

  it('the TSDB at or above --tsdb-full of its size retention is degraded; below it is not', () => {
    expect(checkFindings({ tsdb: { ...tsdb, storageBytes: 899, retentionSizeUsedRatio: 0.899 } }, opts)).toEqual([]);
    const [f] = checkFindings({ tsdb: { ...tsdb, storageBytes: 950, retentionSizeUsedRatio: 0.95 } }, opts);
    expect(f).toMatchObject({ check: 'tsdb', level: 'degraded' });
    expect(f!.message).toMatch(/^TSDB uses 95% of its /);
  });

  it('a Grafana login refused with the stored password is a drift, with the reset command', () => {
    const checks: StackChecks = { grafanaLogin: { user: 'admin', passwordFile: '/srv/compose/secrets/grafana_admin_password', ok: false, httpStatus: 401 } };
    expect(checkFindings(checks, opts)).toEqual([
      {
        check: 'grafanaLogin',
        level: 'degraded',
        message: 'Grafana admin password drifted from the stored secret (/srv/compose/secrets/grafana_admin_password): login as admin answered HTTP 401',
        hint: 'reset it with: docker exec -i ish-monitoring-grafana-1 grafana cli admin reset-admin-password --password-from-stdin < /srv/compose/secrets/grafana_admin_password',
      },
    ]);
    const unreadable: StackChecks = { grafanaLogin: { user: 'admin', passwordFile: '/x', ok: null, httpStatus: null, note: 'cannot read /x: EACCES' } };
    expect(checkFindings(unreadable, opts)).toEqual([{ check: 'grafanaLogin', level: 'info', message: 'Grafana admin login not checked: cannot read /x: EACCES' }]);
  });

  it('an AlertManager cluster neither ready nor disabled is degraded', () => {
    expect(checkFindings({ alertmanagerCluster: { status: 'disabled', peers: 0 } }, opts)).toEqual([]);
    expect(checkFindings({ alertmanagerCluster: { status: 'settling', peers: 2 } }, opts)[0]).toMatchObject({ level: 'degraded', message: 'AlertManager cluster is settling with 2 peer(s)' });
  });

  it('an API that does not answer is an info finding (exit unchanged), and none when its service is already down', () => {
    const checks: StackChecks = { targets: { error: 'no answer within 2000 ms' }, alerts: { error: 'ECONNREFUSED' } };
    expect(checkFindings(checks, opts).map((f) => [f.level, f.message])).toEqual([
      ['info', 'not checked: targets on prometheus: no answer within 2000 ms'],
      ['info', 'not checked: alerts on alertmanager: ECONNREFUSED'],
    ]);
    expect(levelOf(checks)).toEqual({ status: 'ok', exitCode: 0 });
    expect(checkFindings(checks, { ...opts, downServices: new Set(['prometheus']) }).map((f) => f.check)).toEqual(['alerts']);
  });
});

describe('grafanaCredentials', () => {
  it('maps GF_SECURITY_ADMIN_PASSWORD__FILE back to its bind source on the host', () => {
    const spec = serviceSpec('grafana', {
      environment: { GF_SECURITY_ADMIN_USER: 'root-admin', GF_SECURITY_ADMIN_PASSWORD__FILE: '/run/secrets/pw' },
      volumes: [{ type: 'bind', source: '/srv/compose/secrets/grafana_admin_password', target: '/run/secrets/pw', readOnly: true }],
    });
    expect(grafanaCredentials(spec)).toEqual({ user: 'root-admin', passwordFile: '/srv/compose/secrets/grafana_admin_password' });
  });
  it('takes an inline password, and gives nothing to check without either', () => {
    expect(grafanaCredentials(serviceSpec('grafana', { environment: { GF_SECURITY_ADMIN_PASSWORD: 's3cret' } }))).toEqual({ user: 'admin', inlinePassword: 's3cret' });
    expect(grafanaCredentials(serviceSpec('grafana'))).toBeUndefined();
  });
});
