/** blackbox.yml (checked by the real blackbox exporter) and Grafana's provisioning files. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYaml, repoRoot } from './config-files.js';
import { firstAvailableTool, runTool } from './run-tool.js';

const blackboxDir = path.join(repoRoot, 'monitoring', 'blackbox');
const provisioningDir = path.join(repoRoot, 'monitoring', 'grafana', 'provisioning');

interface BlackboxModule {
  prober: string;
  timeout?: string;
  http?: { method?: string };
}

describe('blackbox.yml', () => {
  const config = readYaml<{ modules: Record<string, BlackboxModule> }>(path.join(blackboxDir, 'blackbox.yml'));

  it('passes the blackbox exporter own --config.check', async () => {
    const binary = await firstAvailableTool(['prometheus-blackbox-exporter', 'blackbox_exporter'], blackboxDir);
    const result = await runTool(binary, ['--config.check', '--config.file=blackbox.yml'], blackboxDir);
    expect(result.stdout + result.stderr).toContain('Config file is ok');
    expect(result.code).toBe(0);
  });

  it('has http_2xx, http_post_2xx and tcp_connect, and no icmp (raw sockets)', () => {
    expect(Object.keys(config.modules).sort()).toEqual(['http_2xx', 'http_post_2xx', 'tcp_connect']);
    expect(config.modules.http_2xx?.prober).toBe('http');
    expect(config.modules.http_post_2xx?.http?.method).toBe('POST');
    expect(config.modules.tcp_connect?.prober).toBe('tcp');
    expect(Object.values(config.modules).map((module) => module.prober)).not.toContain('icmp');
  });
});

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  access: string;
  isDefault?: boolean;
}

describe('Grafana provisioning', () => {
  it('provisions Prometheus (default) and AlertManager by their compose service names', () => {
    const doc = readYaml<{ apiVersion: number; datasources: Datasource[] }>(path.join(provisioningDir, 'datasources', 'datasources.yml'));
    expect(doc.apiVersion).toBe(1);
    const byType = new Map(doc.datasources.map((ds) => [ds.type, ds]));
    expect(byType.get('prometheus')).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090', access: 'proxy', isDefault: true });
    expect(byType.get('alertmanager')).toMatchObject({ uid: 'alertmanager', url: 'http://alertmanager:9093', access: 'proxy' });
    expect(doc.datasources.filter((ds) => ds.isDefault).length).toBe(1);
    expect(new Set(doc.datasources.map((ds) => ds.uid)).size).toBe(doc.datasources.length);
  });

  it('provisions dashboards from /var/lib/grafana/dashboards', () => {
    const doc = readYaml<{ apiVersion: number; providers: Array<{ type: string; options: { path: string } }> }>(
      path.join(provisioningDir, 'dashboards', 'dashboards.yml'),
    );
    expect(doc.apiVersion).toBe(1);
    expect(doc.providers).toHaveLength(1);
    expect(doc.providers[0]).toMatchObject({ type: 'file', options: { path: '/var/lib/grafana/dashboards' } });
  });
});
