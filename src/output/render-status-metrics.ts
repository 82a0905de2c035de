import type { StackStatus } from '../core/get-stack-status.js';
import { addCheckMetrics, type GaugeSink } from './render-check-metrics.js';

/** A service level as the gauge value `ish_monitor_service_level` carries. */
export const levelValue = { ok: 0, degraded: 1, down: 2 } as const;

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',')}}`;
}

/**
 * The status as Prometheus text-format metrics, for node-exporter's textfile collector: the stack
 * then monitors its own manager (alert on ish_monitor_status > 0, or on a stale timestamp).
 */
export function renderStatusMetrics(s: StackStatus, nowMs: number): string {
  const p = { project: s.project };
  const { metric, text } = gaugeText(s, nowMs);
  const svc = (r: StackStatus['services'][number]) => ({ ...p, service: r.service, core: String(r.core) });
  metric('ish_monitor_service_level', 'Service level: 0 ok, 1 degraded, 2 down.', s.services.map((r) => [svc(r), levelValue[r.level]]));
  metric('ish_monitor_service_running', 'Whether the service container runs.', s.services.map((r) => [svc(r), r.state === 'running' ? 1 : 0]));
  const probed = s.services.filter((r) => r.probe);
  metric('ish_monitor_probe_success', 'Whether the service\'s own endpoint answered as expected.', probed.map((r) => [svc(r), r.probe!.ok ? 1 : 0]));
  metric('ish_monitor_probe_duration_seconds', 'How long the probe took.', probed.map((r) => [svc(r), r.probe!.latencyMs / 1000]));
  const running = s.services.filter((r) => r.uptimeSeconds !== undefined);
  metric('ish_monitor_service_uptime_seconds', 'Seconds since the service container started.', running.map((r) => [svc(r), r.uptimeSeconds!]));
  addCheckMetrics(s.checks, p, metric);
  const counts = new Map<string, number>();
  for (const f of s.findings) counts.set(`${f.check}\0${f.level}`, (counts.get(`${f.check}\0${f.level}`) ?? 0) + 1);
  const findingSamples = [...counts].map(([key, n]): [Record<string, string>, number] => {
    const [check = '', level = ''] = key.split('\0');
    return [{ ...p, check, level }, n];
  });
  metric('ish_monitor_findings', 'Findings of the deeper checks per check and level (degraded ones set the exit code).', findingSamples);
  return text();
}

/**
 * A text-format writer whose first families are the ones every status has (status, engine reachable,
 * time of the check); `text()` is the whole exposition so far.
 */
export function gaugeText(s: { project: string; exitCode: number; engine: { reachable: boolean } }, nowMs: number): { metric: GaugeSink; text: () => string } {
  const p = { project: s.project };
  const out: string[] = [];
  const metric: GaugeSink = (name, help, samples) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [l, v] of samples) out.push(`${name}${labels(l)} ${v}`);
  };
  metric('ish_monitor_status', 'Stack status as the status exit code: 0 ok, 1 degraded, 2 critical, 3 unknown.', [[p, s.exitCode]]);
  metric('ish_monitor_engine_reachable', 'Whether the Docker engine answered.', [[p, s.engine.reachable ? 1 : 0]]);
  metric('ish_monitor_last_check_timestamp_seconds', 'When this status was taken (Unix time).', [[p, Math.round(nowMs / 1000)]]);
  return { metric, text: () => `${out.join('\n')}\n` };
}
