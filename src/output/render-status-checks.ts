import type { ChalkInstance } from 'chalk';
import type { Finding } from '../core/check-findings.js';
import { failed, type Checked, type StackChecks } from '../core/stack-checks.js';
import { columns, formatBytes, formatUptime } from './format.js';

function line<T extends object>(c: Checked<T> | undefined, text: (facts: T) => string): string | undefined {
  if (!c) return undefined;
  return failed(c) ? `not checked: ${c.error}` : text(c);
}

/** One compact line per deeper check, for the human `status` view. */
function checkLines(c: StackChecks): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['targets', line(c.targets, (t) => {
      const sum = (stack: boolean, k: 'up' | 'down' | 'unknown') => t.jobs.filter((j) => j.stack === stack).reduce((n, j) => n + j[k], 0);
      const stackJobs = t.jobs.filter((j) => j.stack);
      const stackUp = stackJobs.filter((j) => j.down === 0).length;
      const pending = sum(true, 'unknown') + sum(false, 'unknown');
      return `stack jobs ${stackUp}/${stackJobs.length} up; monitored targets ${sum(false, 'up')} up, ${sum(false, 'down')} down${pending ? `; ${pending} not scraped yet` : ''}`;
    })],
    ['rules', line(c.rules, (r) => `${r.groups} groups, ${r.rules} rules, ${r.failing.length} failing`)],
    ['tsdb', line(c.tsdb, (t) => {
      const size = t.retentionSizeBytes ? `${formatBytes(t.storageBytes)} of ${formatBytes(t.retentionSizeBytes)} (${Math.round(t.retentionSizeUsedRatio! * 100)}%)` : `${formatBytes(t.storageBytes)}, no size limit`;
      const oldest = t.oldestSampleAgeSeconds !== null ? `, oldest sample ${formatUptime(t.oldestSampleAgeSeconds)} ago` : '';
      const time = t.retentionTimeSeconds !== null ? ` of ${formatUptime(t.retentionTimeSeconds)} retention` : '';
      const scope = t.walCounted ? '' : ' in blocks (WAL not reported by this Prometheus)';
      return `${size}${scope}${oldest}${time}`;
    })],
    ['alerts', line(c.alerts, (a) => {
      const parts = Object.entries(a.bySeverity).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
      return `${a.firing} firing${parts.length ? `: ${parts.join(', ')}` : ''}`;
    })],
    ['cluster', line(c.alertmanagerCluster, (k) => `AlertManager ${k.status}, ${k.peers} peer(s)`)],
    ['grafana', line(c.grafanaLogin, (g) => (g.ok === null ? 'admin login not checked' : `admin login ${g.ok ? 'ok' : `FAILS (HTTP ${g.httpStatus})`} as ${g.user}`))],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

/** The checks and findings section under the services table; empty when nothing was checked. */
export function renderChecks(checks: StackChecks, findings: Finding[], c: ChalkInstance): string[] {
  const rows = checkLines(checks);
  if (rows.length === 0 && findings.length === 0) return [];
  const out = rows.length ? ['checks:', ...columns(rows.map(([k, v]) => [k, v])).map((l) => `  ${l}`)] : [];
  if (findings.length) out.push('findings:');
  for (const f of findings) {
    out.push(`${f.level === 'degraded' ? c.yellow('!') : '-'} ${f.message}`);
    if (f.hint) out.push(`    hint: ${f.hint}`);
  }
  return out;
}
