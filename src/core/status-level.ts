import { ExitCode } from '../errors.js';

/** How one service stands. */
export type ServiceLevel = 'ok' | 'degraded' | 'down';

/** How the stack stands, in the Nagios plugin convention. */
export type StackLevel = 'ok' | 'degraded' | 'critical' | 'unknown';

/** The facts a service's level is judged from. */
export interface LevelFacts {
  state: string;
  health: string;
  probeOk?: boolean;
  probeLatencyMs?: number;
}

/** Judges one service: not running, unhealthy or failing its probe is down; starting or slow is degraded. */
export function serviceLevel(f: LevelFacts, slowMs: number): { level: ServiceLevel; reason: string } {
  if (f.state === 'missing') return { level: 'down', reason: 'not deployed' };
  if (f.state !== 'running') return { level: 'down', reason: `container ${f.state}` };
  if (f.health === 'unhealthy') return { level: 'down', reason: 'health check failing' };
  if (f.probeOk === false) return { level: 'down', reason: 'probe failed' };
  if (f.health === 'starting') return { level: 'degraded', reason: 'health check starting' };
  if (f.probeLatencyMs !== undefined && f.probeLatencyMs > slowMs) return { level: 'degraded', reason: `probe slow (${f.probeLatencyMs} ms > ${slowMs} ms)` };
  return { level: 'ok', reason: 'ready' };
}

/**
 * The stack's level and exit code: a core service down is critical; anything else not ok, or a
 * deeper check's `degraded` finding, is degraded (`info` findings are facts, not the stack's health).
 */
export function stackLevel(rows: { core: boolean; level: ServiceLevel }[], findings: { level: 'degraded' | 'info' }[] = []): { status: StackLevel; exitCode: number } {
  if (rows.some((r) => r.core && r.level === 'down')) return { status: 'critical', exitCode: ExitCode.critical };
  if (rows.some((r) => r.level !== 'ok') || findings.some((f) => f.level === 'degraded')) return { status: 'degraded', exitCode: ExitCode.degraded };
  return { status: 'ok', exitCode: ExitCode.ok };
}

/** The document status prints when the engine cannot be asked. */
export function unknownLevel(): { status: StackLevel; exitCode: number } {
  return { status: 'unknown', exitCode: ExitCode.unknown };
}
