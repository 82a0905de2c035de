import { describe, expect, it } from 'vitest';
import { serviceLevel, stackLevel, unknownLevel } from '../../../src/core/status-level.js';

describe('serviceLevel', () => {
  it.each([
    [{ state: 'missing', health: 'none' }, 'down', 'not deployed'],
    [{ state: 'exited', health: 'none' }, 'down', 'container exited'],
    [{ state: 'running', health: 'unhealthy' }, 'down', 'health check failing'],
    [{ state: 'running', health: 'healthy', probeOk: false }, 'down', 'probe failed'],
    [{ state: 'running', health: 'starting', probeOk: true }, 'degraded', 'health check starting'],
    [{ state: 'running', health: 'healthy', probeOk: true, probeLatencyMs: 1500 }, 'degraded', 'probe slow (1500 ms > 1000 ms)'],
    [{ state: 'running', health: 'healthy', probeOk: true, probeLatencyMs: 3 }, 'ok', 'ready'],
    [{ state: 'running', health: 'none' }, 'ok', 'ready'],
  ])('%o -> %s', (facts, level, reason) => {
    expect(serviceLevel(facts, 1000)).toEqual({ level, reason });
  });
});

describe('stackLevel (Nagios convention)', () => {
  it('is ok with everything ok', () => {
    expect(stackLevel([{ core: true, level: 'ok' }, { core: false, level: 'ok' }])).toEqual({ status: 'ok', exitCode: 0 });
  });
  it('is degraded when an exporter is down or a core service is slow', () => {
    expect(stackLevel([{ core: true, level: 'ok' }, { core: false, level: 'down' }])).toEqual({ status: 'degraded', exitCode: 1 });
    expect(stackLevel([{ core: true, level: 'degraded' }])).toEqual({ status: 'degraded', exitCode: 1 });
  });
  it('is critical when a core service is down, whatever else', () => {
    expect(stackLevel([{ core: true, level: 'down' }, { core: false, level: 'degraded' }])).toEqual({ status: 'critical', exitCode: 2 });
  });
  it('is unknown with exit 3 when the engine cannot be asked', () => {
    expect(unknownLevel()).toEqual({ status: 'unknown', exitCode: 3 });
  });
});
