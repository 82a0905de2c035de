import type { RequestOutcome } from './request-traffic.js';

/** Request counts of a stretch of time: all, failed, and slower than the latency SLO's 10 s. */
export interface WindowCounts {
  total: number;
  failed: number;
  slow: number;
  seconds: number;
}

/** The last hour of simulated requests, per tick, for SLO, cost and per-instance gauges. */
export class RecentWindow {
  private readonly ticks: { outcomes: RequestOutcome[]; seconds: number }[] = [];
  private span = 0;

  /** Adds a tick's requests and forgets what is older than an hour. */
  push(outcomes: RequestOutcome[], seconds: number): void {
    this.ticks.push({ outcomes, seconds });
    this.span += seconds;
    while (this.span > 3600 && this.ticks.length > 1) this.span -= (this.ticks.shift() as { seconds: number }).seconds;
  }

  /** The newest ticks covering `seconds` (at most an hour), newest first. */
  private *within(seconds: number): Generator<{ outcomes: RequestOutcome[]; seconds: number }> {
    let span = 0;
    for (let i = this.ticks.length - 1; i >= 0 && span < seconds; i -= 1) {
      const tick = this.ticks[i] as { outcomes: RequestOutcome[]; seconds: number };
      span += tick.seconds;
      yield tick;
    }
  }

  /** Counts over the last `seconds`, optionally of one provider only. */
  counts(seconds: number, provider?: string): WindowCounts {
    const c: WindowCounts = { total: 0, failed: 0, slow: 0, seconds: 0 };
    for (const tick of this.within(seconds)) {
      c.seconds += tick.seconds;
      for (const o of tick.outcomes) {
        if (provider !== undefined && o.provider !== provider) continue;
        c.total += 1;
        if (o.failed) c.failed += 1;
        if (o.seconds > 10) c.slow += 1;
      }
    }
    return c;
  }

  /** Answered requests and their spend over the last `seconds`, of one provider and model. */
  costs(seconds: number, provider: string, model: string): { requests: number; dollars: number } {
    const c = { requests: 0, dollars: 0 };
    for (const tick of this.within(seconds)) {
      for (const o of tick.outcomes) {
        if (o.provider !== provider || o.model !== model || o.failed) continue;
        c.requests += 1;
        c.dollars += o.inputCost + o.outputCost;
      }
    }
    return c;
  }
}
