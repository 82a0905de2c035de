import type { ChalkInstance } from 'chalk';
import type { SwarmDeployResult } from '../core/deploy-swarm.js';
import { columns } from './format.js';

/** The plan (dry run) or what `deploy --swarm` did, followed by where to reach the services. */
export function renderSwarmDeploy(r: SwarmDeployResult, c: ChalkInstance): string {
  const out: string[] = [];
  const created = r.dryRun ? 'create' : 'created';
  out.push(r.dryRun ? c.bold(`swarm plan for project ${r.project} (dry run: nothing changed)`) : c.bold(`project ${r.project} deployed on Docker Swarm${r.changed ? '' : ': nothing to change'}`));
  if (r.networkCreated) out.push(`  overlay network ${r.networkCreated}: ${created}`);
  for (const n of r.configsCreated) out.push(`  config ${n}: ${created}`);
  for (const n of r.secretsCreated) out.push(`  secret ${n}: ${created}`);
  out.push(...columns(r.services.map((s) => [`  ${s.name}`, s.action === 'keep' ? c.dim('keep') : c.cyan(s.action), s.reason])));
  for (const n of r.orphansRemoved) out.push(`  orphan ${n}: ${r.dryRun ? 'remove' : 'removed'} (its service is no longer in the compose file)`);
  for (const n of r.pruned) out.push(`  ${n}: removed (no service uses this version any more)`);
  if (!r.dryRun && r.endpoints.length > 0) {
    out.push(c.bold('endpoints (host-mode ports, on every interface of the node that runs the task):'));
    out.push(...columns(r.endpoints.map((e) => [`  ${e.service}`, e.url])));
    if (r.access?.auth) out.push(`  prometheus, alertmanager: basic auth${r.access.tls ? ' over TLS' : ''} (${r.access.reason}): user ish-monitor, password in ${r.access.passwordFile} (readable by root only)`);
  }
  for (const w of r.warnings) out.push(c.yellow(`warning: ${w}`));
  if (r.dryRun) out.push(r.changed ? 'would change the swarm' : 'nothing would change');
  return out.join('\n') + '\n';
}
