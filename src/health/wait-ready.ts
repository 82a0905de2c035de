import type { ContainerState, HealthStatus } from '../docker/types.js';
import type { Clock } from './clock.js';
import type { ProbeResult } from './probe-http.js';

/** One look at a service while waiting for it. */
export interface Observation {
  state: ContainerState;
  health: HealthStatus;
  exitCode: number;
  /** How often the engine restarted the container (restart policy) since it was created. */
  restartCount: number;
  /** The app's own endpoint, when the service declares one and the container runs. */
  probe?: ProbeResult;
}

/** Where a service stands in the wait. */
export type Verdict = 'ready' | 'waiting' | 'failed';

/** How a service ended the wait. */
export interface WaitOutcome {
  service: string;
  verdict: Verdict;
  /** One line: why it is not ready (or "ready"). */
  reason: string;
  last?: Observation;
}

/** Restarts during the wait that mean a crash loop rather than one recovered crash. */
const crashLoopRestarts = 2;

/**
 * Judges one observation: exited or crash-looping containers fail fast, everything else (briefly
 * unhealthy, one crash that recovers) gets until the deadline. `restartsSeen` counts restarts since
 * the wait began.
 */
export function judge(o: Observation, restartsSeen = 0): { verdict: Verdict; reason: string } {
  if (o.state === 'exited' || o.state === 'dead') return { verdict: 'failed', reason: `container ${o.state} with code ${o.exitCode}` };
  if (restartsSeen >= crashLoopRestarts) return { verdict: 'failed', reason: `container keeps crashing (restarted ${restartsSeen} times, last exit code ${o.exitCode})` };
  if (o.state !== 'running') return { verdict: 'waiting', reason: `container is ${o.state}` };
  // A briefly unhealthy container is not failed: it may recover before the deadline.
  if (o.health === 'unhealthy') return { verdict: 'waiting', reason: 'health check failing' };
  if (o.health === 'starting') return { verdict: 'waiting', reason: 'health check starting' };
  if (o.probe && !o.probe.ok) return { verdict: 'waiting', reason: `${o.probe.url}: ${o.probe.detail}` };
  return { verdict: 'ready', reason: 'ready' };
}

/** What waitUntilReady needs. */
export interface WaitOptions {
  clock: Clock;
  /** Absolute time (clock.now()) after which the waiting ones fail. */
  deadline: number;
  intervalMs: number;
  /** Called when a service's verdict or reason changes. */
  onChange?: (outcome: WaitOutcome) => void;
}

/**
 * Polls every service until all are ready, one fails, or the deadline passes. Returns the outcome
 * of every service; the caller decides what a failure means.
 */
export async function waitUntilReady(
  services: string[],
  observe: (service: string) => Promise<Observation>,
  opts: WaitOptions,
): Promise<WaitOutcome[]> {
  const outcomes = new Map<string, WaitOutcome>();
  const firstRestartCount = new Map<string, number>();
  let pending = [...services];
  for (;;) {
    const looks = await Promise.all(pending.map(async (service) => ({ service, o: await observe(service) })));
    for (const { service, o } of looks) {
      if (!firstRestartCount.has(service)) firstRestartCount.set(service, o.restartCount);
      const { verdict, reason } = judge(o, o.restartCount - firstRestartCount.get(service)!);
      const before = outcomes.get(service);
      const now: WaitOutcome = { service, verdict, reason, last: o };
      outcomes.set(service, now);
      if (!before || before.reason !== reason || before.verdict !== verdict) opts.onChange?.(now);
    }
    pending = pending.filter((s) => outcomes.get(s)?.verdict === 'waiting');
    const failed = [...outcomes.values()].some((o) => o.verdict === 'failed');
    if (pending.length === 0 || failed) break;
    if (opts.clock.now() >= opts.deadline) break;
    await opts.clock.sleep(Math.min(opts.intervalMs, Math.max(0, opts.deadline - opts.clock.now())));
  }
  return services.map((s) => outcomes.get(s) ?? { service: s, verdict: 'waiting', reason: 'not observed' });
}
