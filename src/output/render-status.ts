import type { ChalkInstance } from 'chalk';
import type { StackStatus } from '../core/get-stack-status.js';
import { columns, formatUptime } from './format.js';
import { renderChecks } from './render-status-checks.js';

/** The human `status` view: a header line, then one aligned line per service. */
export function renderStatus(s: StackStatus, c: ChalkInstance): string {
  const levelColor = { ok: c.green, degraded: c.yellow, critical: c.red, unknown: c.magenta }[s.status];
  const profiles = s.profiles.length ? `, profiles ${s.profiles.join(',')}` : '';
  const head = `${levelColor(s.status.toUpperCase())} project ${s.project} (exit ${s.exitCode}${profiles})${s.error ? `: ${s.error}` : ''}`;
  const upgrade = s.upgrade ? [`upgrade: ${s.upgrade.message}${s.upgrade.hint ? `; ${s.upgrade.hint}` : ''}`] : [];
  if (s.services.length === 0) return [head, ...upgrade].join('\n') + '\n';
  const rows = [['SERVICE', 'STATE', 'HEALTH', 'UPTIME', 'PROBE', 'PORTS', 'IMAGE']];
  for (const r of s.services) {
    const probe = r.probe ? `${r.probe.ok ? 'ok' : 'FAIL'} ${r.probe.latencyMs}ms` : '-';
    rows.push([
      `${r.core ? '*' : ' '}${r.service}`,
      r.state,
      r.health,
      r.uptimeSeconds !== undefined ? formatUptime(r.uptimeSeconds) : '-',
      probe,
      r.ports.join(',') || '-',
      r.image ?? '-',
    ]);
  }
  const marks = { ok: c.green('✔'), degraded: c.yellow('!'), down: c.red('✖') };
  const lines = columns(rows).map((line, i) => (i === 0 ? `  ${c.bold(line)}` : `${marks[s.services[i - 1]!.level]} ${line}`));
  const problems = s.services.filter((r) => r.level !== 'ok').map((r) => `  ${r.service}: ${r.reason}`);
  const legend = '  (* core service: down means critical)';
  return [head, ...upgrade, ...lines, ...(problems.length ? ['problems:', ...problems] : []), legend, ...renderChecks(s.checks, s.findings, c)].join('\n') + '\n';
}
