import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultStack, service } from './compose-stack.js';
import { alertmanagerDir, readYaml } from './config-files.js';
import { placeholders, renderAlertmanagerDir } from './render-alertmanager.js';

const template = readFileSync(path.join(alertmanagerDir, 'alertmanager.yml'), 'utf8');

describe('AlertManager receivers from the environment', () => {
  it('has a compose default for every placeholder, and no variable the file does not use', async () => {
    const env = service(await loadDefaultStack(), 'alertmanager').environment;
    const declared = Object.keys(env).filter((k) => k.startsWith('ALERTMANAGER_')).sort();
    expect(declared).toEqual(placeholders(template).sort());
  });

  it('puts an operator\'s address and channel where the routes send critical alerts', async () => {
    const env = { ...service(await loadDefaultStack(), 'alertmanager').environment, ALERTMANAGER_ONCALL_EMAIL: 'pager@example.com', ALERTMANAGER_ONCALL_SLACK_CHANNEL: '#sre-pager' };
    const dir = await renderAlertmanagerDir(env);
    const config = readYaml<{ receivers: { name: string; email_configs?: { to: string }[]; slack_configs?: { channel: string }[] }[] }>(path.join(dir, 'alertmanager.yml'));
    const pager = config.receivers.find((r) => r.name === 'oncall-pager')!;
    expect(pager.email_configs?.[0]?.to).toBe('pager@example.com');
    expect(pager.slack_configs?.[0]?.channel).toBe('#sre-pager');
  });

  it('refuses a placeholder left without a value, naming it', async () => {
    await expect(renderAlertmanagerDir({})).rejects.toThrow(/no value for ALERTMANAGER_SMTP_SMARTHOST/);
  });
});
