import type { ChalkInstance } from 'chalk';
import type { DeployResult } from '../core/deploy-stack.js';
import { columns } from './format.js';

/** The plan (dry run) or what deploy did, followed by where to reach the services. */
export function renderDeploy(r: DeployResult, c: ChalkInstance): string {
  const out: string[] = [];
  const verb = r.dryRun ? 'would' : 'did';
  const project = `project ${r.project}${r.profiles.length ? ` (profiles ${r.profiles.join(',')})` : ''}`;
  out.push(r.dryRun ? c.bold(`plan for ${project} (dry run: nothing changed)`) : c.bold(`${project} deployed${r.changed ? '' : ': nothing to change'}`));
  for (const n of r.networksCreated) out.push(`  network ${n}: ${r.dryRun ? 'create' : 'created'}`);
  for (const v of r.volumesCreated) out.push(`  volume ${v}: ${r.dryRun ? 'create' : 'created'}`);
  for (const i of r.imagesPulled) out.push(`  image ${i}: ${r.dryRun ? 'pull' : 'pulled'}`);
  for (const s of r.secrets.filter((x) => x.generated)) {
    const what = s.empty ? 'empty file' : 'random value';
    out.push(`  secret ${s.path} (${s.service}): ${r.dryRun ? `create (${what})` : `created (${what}), mode 0600`}`);
  }
  const rows = r.services.map((s) => [`  ${s.service}`, s.action === 'keep' ? c.dim('keep') : c.cyan(s.action), s.reason]);
  out.push(...columns(rows));
  for (const o of r.orphansRemoved) out.push(`  orphan ${o}: ${r.dryRun ? 'remove' : 'removed'}`);
  if (!r.dryRun && r.endpoints.length > 0) {
    out.push(c.bold('endpoints:'));
    out.push(...columns(r.endpoints.map((e) => [`  ${e.service}`, e.url])));
    const grafanaSecret = r.secrets.find((s) => s.service === 'grafana' && /admin_password$/.test(s.path));
    if (grafanaSecret) out.push(`  grafana admin password: in ${grafanaSecret.path} (readable by root only)`);
    if (r.access?.auth) out.push(`  prometheus, alertmanager: basic auth${r.access.tls ? ' over TLS' : ''} (${r.access.reason}): user ish-monitor, password in ${r.access.passwordFile} (readable by root only)`);
  }
  for (const w of r.warnings) out.push(c.yellow(`warning: ${w}`));
  if (r.dryRun) out.push(`${r.changed ? `${verb} change the stack` : 'nothing would change'}`);
  return out.join('\n') + '\n';
}
