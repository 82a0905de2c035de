import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load-stack.js';
import { selectStack } from '../../../src/core/stack-context.js';
import { buildSwarmServices } from '../../../src/swarm/service-specs.js';
import { collectStackFiles, versionedName } from '../../../src/swarm/swarm-files.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'swarm-files-'));
  cpSync('compose/docker-compose.monitoring.yml', join(dir, 'compose', 'docker-compose.monitoring.yml'));
  cpSync('monitoring', join(dir, 'monitoring'), { recursive: true });
  mkdirSync(join(dir, 'compose', 'secrets', 'web'), { recursive: true });
  for (const f of ['grafana_admin_password', 'grafana_web_password', 'alertmanager_slack_webhook_url']) writeFileSync(join(dir, 'compose', 'secrets', f), `${f}-value`);
  writeFileSync(join(dir, 'compose', 'secrets', 'alertmanager_smtp_password'), '');
  for (const f of ['web-config.yml', 'local-url', 'prometheus_password', 'sd-prometheus.yml', 'sd-alertmanager.yml']) writeFileSync(join(dir, 'compose', 'secrets', 'web', f), `${f}-content`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stackFiles(overrides = new Map<string, string>()) {
  const stack = await loadStack({ file: join(dir, 'compose', 'docker-compose.monitoring.yml'), envFile: 'test/fixtures/compose/empty.env', env: { ISH_MONITOR_PROJECT: 'mon' } });
  const ctx = selectStack(stack, []);
  return { ctx, files: await collectStackFiles('mon', stack.workingDir, ctx.services, overrides) };
}

describe('collectStackFiles', () => {
  it('makes every file of a bound config directory a config at the same place, owned by the service user', async () => {
    const { files } = await stackFiles();
    const prometheus = files.services.get('prometheus')!;
    const rules = prometheus.configs.find((c) => c.File.Name === '/etc/prometheus/rules/stack.yml')!;
    expect(rules.File).toEqual({ Name: '/etc/prometheus/rules/stack.yml', UID: '65534', GID: '65534', Mode: 0o444 });
    expect(rules.ConfigName).toMatch(/^mon_stack\.yml_[0-9a-f]{12}$/);
    expect(prometheus.configs.some((c) => c.File.Name === '/etc/prometheus/prometheus.yml')).toBe(true);
    expect(files.objects.get(rules.ConfigName!)!.kind).toBe('config');
  });

  it('makes files under compose/secrets/ secrets, mode 0400, and leaves empty ones out with a warning', async () => {
    const { files } = await stackFiles();
    const am = files.services.get('alertmanager')!;
    expect(am.secrets.map((s) => s.File.Name).sort()).toEqual([
      '/etc/ish-monitor/web/local-url',
      '/etc/ish-monitor/web/prometheus_password',
      '/etc/ish-monitor/web/sd-alertmanager.yml',
      '/etc/ish-monitor/web/sd-prometheus.yml',
      '/etc/ish-monitor/web/web-config.yml',
      '/run/secrets/alertmanager_slack_webhook_url',
    ]);
    expect(am.secrets.every((s) => s.File.Mode === 0o400 && s.File.UID === '65534')).toBe(true);
    expect(files.warnings.join('\n')).toMatch(/alertmanager_smtp_password is empty/);
    expect(am.configs.some((c) => c.File.Name === '/etc/alertmanager/run.sh')).toBe(true);
  });

  it('keeps node paths as binds and uses overrides for the content of a file', async () => {
    const sd = join(dir, 'compose', 'secrets', 'web', 'sd-alertmanager.yml');
    const { ctx, files } = await stackFiles(new Map([[sd, 'peers']]));
    expect(files.services.get('node-exporter')!.nodeBinds.map((m) => m.source)).toEqual(['/proc', '/sys', '/']);
    const ref = files.services.get('prometheus')!.secrets.find((s) => s.File.Name.endsWith('/sd-alertmanager.yml'))!;
    expect(files.objects.get(ref.SecretName!)!.data.toString()).toBe('peers');
    const specs = buildSwarmServices({ project: 'mon', workingDir: ctx.stack.workingDir, services: ctx.services, networkNames: ctx.networkNames, files: files.services, pins: new Map(), portStep: 100 });
    const ne = specs.find((s) => s.service === 'node-exporter')!.body.TaskTemplate.ContainerSpec.Mounts;
    expect(ne.map((m) => `${m.Type}:${m.Source}:${m.ReadOnly}`)).toEqual(['bind:/proc:true', 'bind:/sys:true', 'bind:/:true']);
  });

  it('renames a file whose content changes, and only that one', async () => {
    const before = (await stackFiles()).files;
    writeFileSync(join(dir, 'monitoring', 'prometheus', 'rules', 'stack.yml'), 'groups: []\n');
    const after = (await stackFiles()).files;
    const gone = [...before.objects.keys()].filter((n) => !after.objects.has(n));
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatch(/^mon_stack\.yml_/);
  });
});

describe('versionedName', () => {
  it('stays within 64 characters and changes with the content', () => {
    const long = versionedName('a-very-long-project-name-for-this-test', 'a-very-long-file-name-of-a-dashboard.json', Buffer.from('x'));
    expect(long.length).toBeLessThanOrEqual(64);
    expect(versionedName('p', 'f', Buffer.from('1'))).not.toBe(versionedName('p', 'f', Buffer.from('2')));
  });
});
