import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/health/clock.js';
import { judge, waitUntilReady, type Observation } from '../../../src/health/wait-ready.js';

/** A clock that advances only when slept on: waits run instantly and deterministically. */
function fakeClock(): Clock & { slept: number } {
  let t = 0;
  return {
    slept: 0,
    now: () => t,
    async sleep(ms) {
      t += ms;
      this.slept += ms;
    },
  };
}

const running = (o: Partial<Observation> = {}): Observation => ({ state: 'running', health: 'healthy', exitCode: 0, restartCount: 0, ...o });

describe('judge', () => {
  it('fails fast on an exited container and waits on an unhealthy one', () => {
    expect(judge(running({ state: 'exited', exitCode: 2 }))).toEqual({ verdict: 'failed', reason: 'container exited with code 2' });
    expect(judge(running({ health: 'unhealthy' })).verdict).toBe('waiting');
    expect(judge(running({ probe: { ok: false, url: 'http://x/-/ready', latencyMs: 1, detail: 'HTTP 503' } })).reason).toBe('http://x/-/ready: HTTP 503');
    expect(judge(running()).verdict).toBe('ready');
  });
});

describe('waitUntilReady', () => {
  it('gives a briefly unhealthy service until the deadline to recover', async () => {
    const clock = fakeClock();
    const seq: Observation[] = [running({ health: 'starting' }), running({ health: 'unhealthy' }), running({ health: 'unhealthy' }), running()];
    let i = 0;
    const out = await waitUntilReady(['prometheus'], async () => seq[Math.min(i++, seq.length - 1)]!, { clock, deadline: 10_000, intervalMs: 500 });
    expect(out).toEqual([expect.objectContaining({ service: 'prometheus', verdict: 'ready' })]);
    expect(clock.slept).toBe(1_500);
  });

  it('stops at the deadline with the services still waiting', async () => {
    const clock = fakeClock();
    const out = await waitUntilReady(['a', 'b'], async (s) => (s === 'a' ? running() : running({ health: 'unhealthy' })), { clock, deadline: 2_000, intervalMs: 500 });
    expect(out.map((o) => [o.service, o.verdict])).toEqual([
      ['a', 'ready'],
      ['b', 'waiting'],
    ]);
    expect(clock.now()).toBe(2_000);
  });

  it('returns at once when a container exits', async () => {
    const clock = fakeClock();
    const out = await waitUntilReady(['a'], async () => running({ state: 'exited', exitCode: 1 }), { clock, deadline: 60_000, intervalMs: 500 });
    expect(out[0]!.verdict).toBe('failed');
    expect(clock.slept).toBe(0);
  });

  it('fails a crash-looping container without waiting for the deadline, but forgives one crash', async () => {
    const clock = fakeClock();
    let n = 0;
    const out = await waitUntilReady(['am'], async () => running({ state: 'restarting', restartCount: 5 + Math.floor(n++ / 2), exitCode: 1 }), { clock, deadline: 60_000, intervalMs: 500 });
    expect(out[0]).toMatchObject({ verdict: 'failed', reason: 'container keeps crashing (restarted 2 times, last exit code 1)' });
    expect(clock.now()).toBeLessThan(5_000);
    expect(judge(running({ restartCount: 1 }), 1).verdict).toBe('ready');
  });

  it('reports each change of a service once', async () => {
    const clock = fakeClock();
    const seen: string[] = [];
    const seq = [running({ health: 'starting' }), running({ health: 'starting' }), running()];
    let i = 0;
    await waitUntilReady(['a'], async () => seq[i++]!, { clock, deadline: 10_000, intervalMs: 100, onChange: (o) => seen.push(o.reason) });
    expect(seen).toEqual(['health check starting', 'ready']);
  });
});
