import type { ChalkInstance } from 'chalk';
import type { SwarmStackStatus } from '../core/swarm-status.js';
import { columns } from './format.js';

/** The human `status --swarm` view: a header, one line per Swarm service, its tasks by node, then the cluster. */
export function renderSwarmStatus(s: SwarmStackStatus, c: ChalkInstance): string {
  const levelColor = { ok: c.green, degraded: c.yellow, critical: c.red, unknown: c.magenta }[s.status];
  const out = [`${levelColor(s.status.toUpperCase())} project ${s.project} on Docker Swarm (exit ${s.exitCode})${s.error ? `: ${s.error}` : ''}`];
  if (s.services.length === 0) return `${out[0]}: no swarm service deployed\n`;
  const marks = { ok: c.green('✔'), degraded: c.yellow('!'), down: c.red('✖') };
  const rows = [['SERVICE', 'TASKS', 'NODES', 'UPDATE', 'PROBE']];
  for (const r of s.services) {
    const nodes = r.tasks.filter((t) => t.desiredState === 'running').map((t) => `${t.node}:${t.state}`).join(',') || '-';
    rows.push([`${r.core ? '*' : ' '}${r.name}`, `${r.running}/${r.desired}`, nodes, r.stopped ? 'STOPPED' : r.rolledBack ? 'ROLLED BACK' : (r.updateState ?? '-'), r.probe ? `${r.probe.ok ? 'ok' : 'FAIL'} ${r.probe.latencyMs}ms` : '-']);
  }
  out.push(...columns(rows).map((line, i) => (i === 0 ? `  ${c.bold(line)}` : `${marks[s.services[i - 1]!.level]} ${line}`)));
  const problems = s.services.filter((r) => r.level !== 'ok');
  if (problems.length) {
    out.push('problems:');
    for (const r of problems) {
      out.push(`  ${r.name}: ${r.reason}`);
      const failed = r.tasks.find((t) => t.desiredState !== 'running' && t.message);
      if (failed) out.push(`    last task on ${failed.node}: ${failed.state} (${failed.message})`);
    }
  }
  const cl = s.alertmanagerCluster;
  if (cl) out.push('error' in cl ? `alertmanager cluster: unknown (${cl.error})` : `alertmanager cluster: ${cl.peers}/${cl.expected} peers, ${cl.status} (asked ${cl.askedAt})`);
  for (const f of s.findings) if (f.level === 'degraded' && !f.message.startsWith('AlertManager cluster')) out.push(c.yellow(`! ${f.message}`));
  out.push('  (* core service: all its peers down means critical; one peer short is degraded)');
  return out.join('\n') + '\n';
}
