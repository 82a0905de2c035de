import { describe, expect, it } from 'vitest';
import type { SwarmServiceRow, SwarmStackStatus } from '../../src/core/swarm-status.js';
import { renderSwarmStatusMetrics } from '../../src/output/render-swarm-status-metrics.js';
import { promtoolCheckMetrics } from './run-tool.js';

const row = (name: string, over: Partial<SwarmServiceRow>): SwarmServiceRow => ({ name: `p_${name}`, service: name.replace(/-\d$/, ''), peer: Number(/-(\d)$/.exec(name)?.[1] ?? 1), core: true, desired: 1, running: 1, tasks: [], rolledBack: false, stopped: false, level: 'ok', reason: 'ready', ...over });

const status: SwarmStackStatus = {
  project: 'p',
  target: 'swarm',
  engine: { endpoint: 'unix:///var/run/docker.sock', reachable: true },
  status: 'degraded',
  exitCode: 1,
  services: [
    row('prometheus-1', { probe: { url: 'http://127.0.0.1:9090/-/ready', ok: true, latencyMs: 7, detail: 'HTTP 200' } }),
    row('prometheus-2', { running: 0, level: 'down', reason: '0/1 tasks running' }),
    row('node-exporter', { core: false, desired: 0, running: 0, stopped: true, level: 'down', reason: 'stopped' }),
  ],
  alertmanagerCluster: { peers: 2, expected: 3, status: 'ready', askedAt: 'p_alertmanager-1' },
  findings: [],
};

describe('status --swarm --format prometheus', () => {
  it('renders per-peer metrics that promtool accepts', () => {
    const text = renderSwarmStatusMetrics(status, Date.parse('2026-01-01T00:00:00Z'));
    expect(promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
    expect(text).toContain('ish_monitor_status{project="p"} 1');
    expect(text).toContain('ish_monitor_swarm_tasks_running{project="p",service="prometheus",peer="2",core="true"} 0');
    expect(text).toContain('ish_monitor_swarm_service_stopped{project="p",service="node-exporter",peer="1",core="false"} 1');
    expect(text).toContain('ish_monitor_probe_duration_seconds{project="p",service="prometheus",peer="1",core="true"} 0.007');
    expect(text).toContain('ish_monitor_swarm_alertmanager_peers{project="p"} 2');
  });

  it('leaves the cluster size out when no peer could be asked', () => {
    const text = renderSwarmStatusMetrics({ ...status, alertmanagerCluster: { error: 'no AlertManager peer runs on this node', expected: 3 } }, 0);
    expect(promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
    expect(text).not.toMatch(/^ish_monitor_swarm_alertmanager_peers\{/m);
    expect(text).toContain('ish_monitor_swarm_alertmanager_peers_expected{project="p"} 3');
  });
});
