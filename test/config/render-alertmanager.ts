/** alertmanager.yml as the container's run.sh renders it, with the compose file's default environment. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDefaultStack, service } from './compose-stack.js';
import { alertmanagerDir } from './config-files.js';

/** The `${ALERTMANAGER_*}` placeholders of the shipped alertmanager.yml. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{(ALERTMANAGER_[A-Z0-9_]+)\}/g)].map((m) => m[1]!))];
}

/**
 * A directory like the container's /tmp/alertmanager: alertmanager.yml with every placeholder filled
 * from the alertmanager service's environment (the compose defaults), beside a copy of templates/.
 * Throws on a placeholder the environment leaves unset, as run.sh refuses to start then.
 */
export async function renderAlertmanagerDir(env?: Record<string, string>): Promise<string> {
  const environment = env ?? service(await loadDefaultStack(), 'alertmanager').environment;
  const template = readFileSync(path.join(alertmanagerDir, 'alertmanager.yml'), 'utf8');
  const unset = placeholders(template).filter((name) => environment[name] === undefined);
  if (unset.length > 0) throw new Error(`no value for ${unset.join(', ')} in the alertmanager service's environment`);
  const rendered = template.replace(/\$\{(ALERTMANAGER_[A-Z0-9_]+)\}/g, (_, name: string) => environment[name]!);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ish-am-rendered-'));
  cpSync(path.join(alertmanagerDir, 'templates'), path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'alertmanager.yml'), rendered);
  return dir;
}
