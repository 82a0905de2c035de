import type { DockerGateway } from '../docker/types.js';
import { NotReadyError } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { probeHttp } from '../health/probe-http.js';
import { probeTarget } from '../health/probe-target.js';
import { waitUntilReady, type Observation, type WaitOutcome } from '../health/wait-ready.js';
import { systemClock } from '../health/clock.js';
import type { ProgressSink } from './progress.js';

const pollMs = 500;
const probeTimeoutMs = 2_000;
const logLines = 20;

/** Looks at one container: engine state, Docker health, and the app's own endpoint when it runs. */
export async function observeContainer(gateway: DockerGateway, id: string): Promise<Observation> {
  const d = await gateway.inspectContainer(id);
  const target = d.state === 'running' ? probeTarget(d.labels, d.ports, gateway.publishHost) : undefined;
  const probe = target ? await probeHttp(target, probeTimeoutMs) : undefined;
  return { state: d.state, health: d.health, exitCode: d.exitCode, restartCount: d.restartCount, ...(probe ? { probe } : {}) };
}

/** The lines a user needs when a service is not ready: last health-check output and last log lines. */
async function diagnose(gateway: DockerGateway, service: string, id: string): Promise<string[]> {
  const d = await gateway.inspectContainer(id).catch(() => undefined);
  const lines: string[] = [];
  const lastCheck = d?.healthLog.at(-1);
  if (lastCheck) lines.push(`last health check of ${service} (exit ${lastCheck.exitCode}): ${lastCheck.output.trim() || '(no output)'}`);
  if (d?.error) lines.push(`engine error: ${d.error}`);
  if (d?.oomKilled) lines.push(`${service} was killed for running out of memory (raise deploy.resources.limits.memory)`);
  const logs = await gateway.containerLogs(id, logLines).catch(() => []);
  lines.push(`last ${logs.length} log lines of ${service}:`, ...logs.map((l) => `  ${l}`));
  return lines;
}

async function notReady(gateway: DockerGateway, failures: WaitOutcome[], ids: Map<string, string>, timeoutMs: number): Promise<NotReadyError> {
  const first = failures[0]!;
  const details: string[] = [];
  for (const f of failures) details.push(...(await diagnose(gateway, f.service, ids.get(f.service)!)));
  const names = failures.map((f) => f.service).join(', ');
  const when = first.verdict === 'failed' ? '' : ` within ${Math.round(timeoutMs / 1000)} s`;
  return new NotReadyError(
    `${names} did not become ready${when}: ${first.reason}`,
    details,
    first.verdict === 'failed' ? `see the log lines above; \`ish-monitor logs ${first.service}\` shows more` : 'raise --wait-timeout if it is only slow, or see the log lines above',
  );
}

/** Waits until every listed service is ready; throws NotReadyError with diagnostics otherwise. */
export async function waitForStack(
  gateway: DockerGateway,
  ids: Map<string, string>,
  opts: { timeoutMs: number; progress: ProgressSink; clock?: Clock },
): Promise<void> {
  const clock = opts.clock ?? systemClock;
  const services = [...ids.keys()];
  for (const s of services) opts.progress.begin(`ready:${s}`, `${s}: waiting until ready`);
  const outcomes = await waitUntilReady(services, (s) => observeContainer(gateway, ids.get(s)!), {
    clock,
    deadline: clock.now() + opts.timeoutMs,
    intervalMs: pollMs,
    onChange: (o) => {
      if (o.verdict === 'ready') opts.progress.succeed(`ready:${o.service}`, `${o.service}: ready${o.last?.probe ? ` (${o.last.probe.latencyMs} ms)` : ''}`);
      else if (o.verdict === 'failed') opts.progress.fail(`ready:${o.service}`, `${o.service}: ${o.reason}`);
      else opts.progress.update(`ready:${o.service}`, `${o.service}: ${o.reason}`);
    },
  });
  const failures = outcomes.filter((o) => o.verdict !== 'ready');
  if (failures.length === 0) return;
  for (const f of failures) if (f.verdict === 'waiting') opts.progress.fail(`ready:${f.service}`, `${f.service}: not ready: ${f.reason}`);
  throw await notReady(gateway, failures, ids, opts.timeoutMs);
}

/** Before starting a service with `condition: service_healthy`: waits for that dependency's health. */
export async function waitForHealthyDependency(gateway: DockerGateway, service: string, id: string, deadline: number, clock: Clock = systemClock): Promise<void> {
  for (;;) {
    const d = await gateway.inspectContainer(id);
    if (d.health === 'healthy' || (d.health === 'none' && d.state === 'running')) return;
    if (d.state === 'exited' || d.state === 'dead' || clock.now() >= deadline) {
      const reason = d.state === 'running' ? `still ${d.health}` : `container ${d.state} with code ${d.exitCode}`;
      throw new NotReadyError(`dependency ${service} did not become healthy: ${reason}`, await diagnose(gateway, service, id), 'fix it first; dependent services were not started');
    }
    await clock.sleep(pollMs);
  }
}
