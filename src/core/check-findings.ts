import type { StackChecks } from './stack-checks.js';
import { failed } from './stack-checks.js';

/** One thing the deeper checks found: `degraded` counts towards the exit code, `info` is a fact. */
export interface Finding {
  check: keyof StackChecks;
  level: 'degraded' | 'info';
  message: string;
  hint?: string;
}

/** What findings are judged with besides the checks. */
export interface FindingOptions {
  /** TSDB size / size retention at or above which the stack is degraded. */
  tsdbFullRatio: number;
  /** Services whose row is down: their checks' errors are not repeated as findings. */
  downServices: ReadonlySet<string>;
  /** The Grafana container's name, for the reset command in the hint. */
  grafanaContainer?: string;
}

const serviceOf: Record<keyof StackChecks, string> = {
  targets: 'prometheus',
  rules: 'prometheus',
  tsdb: 'prometheus',
  alerts: 'alertmanager',
  alertmanagerCluster: 'alertmanager',
  grafanaLogin: 'grafana',
};

const GiB = 1024 ** 3;

/** Judges the deeper checks; the README's status table documents each rule. */
export function checkFindings(c: StackChecks, o: FindingOptions): Finding[] {
  const out: Finding[] = [];
  for (const key of Object.keys(serviceOf) as (keyof StackChecks)[]) {
    const r = c[key];
    // Inconclusive, not a finding against the stack: the service's own probe judges whether it
    // answers (slow or down sets the level), and a loaded host must not make cron mail flap.
    if (r && failed(r) && !o.downServices.has(serviceOf[key])) {
      out.push({ check: key, level: 'info', message: `not checked: ${key} on ${serviceOf[key]}: ${r.error}` });
    }
  }
  if (c.targets && !failed(c.targets)) {
    for (const j of c.targets.jobs) {
      const first = j.downTargets[0];
      if (!first) continue;
      const where = `job ${j.job}, ${j.down} of ${j.up + j.down + j.unknown} down (${first.instance}: ${first.lastError || 'no error given'})`;
      if (j.stack) out.push({ check: 'targets', level: 'degraded', message: `scrape target down: ${where}`, hint: `see \`ish-monitor logs ${j.job}\`` });
      else out.push({ check: 'targets', level: 'info', message: `monitored target down: ${where}` });
    }
  }
  if (c.rules && !failed(c.rules)) {
    for (const f of c.rules.failing) {
      out.push({ check: 'rules', level: 'degraded', message: `rule evaluation failing: group ${f.group}, rule ${f.rule}: ${f.error}`, hint: `fix the rule in ${f.file} (promtool check rules, promtool test rules)` });
    }
  }
  if (c.tsdb && !failed(c.tsdb) && c.tsdb.retentionSizeUsedRatio !== null && c.tsdb.retentionSizeUsedRatio >= o.tsdbFullRatio) {
    const pct = Math.round(c.tsdb.retentionSizeUsedRatio * 100);
    out.push({
      check: 'tsdb',
      level: 'degraded',
      message: `TSDB uses ${pct}% of its ${(c.tsdb.retentionSizeBytes! / GiB).toFixed(1)} GiB size retention: Prometheus deletes the oldest data before the time retention`,
      hint: 'raise PROMETHEUS_RETENTION_SIZE in compose/.env (with the disk space for it), or lower PROMETHEUS_RETENTION_TIME',
    });
  }
  if (c.alerts && !failed(c.alerts) && c.alerts.critical.length > 0) {
    out.push({ check: 'alerts', level: 'info', message: `critical alerts firing: ${c.alerts.critical.join(', ')}` });
  }
  const cluster = c.alertmanagerCluster;
  if (cluster && !failed(cluster) && cluster.status !== 'ready' && cluster.status !== 'disabled') {
    out.push({ check: 'alertmanagerCluster', level: 'degraded', message: `AlertManager cluster is ${cluster.status} with ${cluster.peers} peer(s)` });
  }
  const login = c.grafanaLogin;
  if (login && !failed(login) && login.ok === false) {
    const file = login.passwordFile ?? 'GF_SECURITY_ADMIN_PASSWORD';
    const reset = login.passwordFile
      ? `docker exec -i ${o.grafanaContainer ?? '<grafana container>'} grafana cli admin reset-admin-password --password-from-stdin < ${login.passwordFile}`
      : 'grafana cli admin reset-admin-password in the Grafana container';
    out.push({
      check: 'grafanaLogin',
      level: 'degraded',
      message: `Grafana admin password drifted from the stored secret (${file}): login as ${login.user} answered HTTP ${login.httpStatus}${login.note ? ` (${login.note})` : ''}`,
      hint: `reset it with: ${reset}`,
    });
  }
  if (login && !failed(login) && login.ok === null) out.push({ check: 'grafanaLogin', level: 'info', message: `Grafana admin login not checked: ${login.note}` });
  return out;
}
