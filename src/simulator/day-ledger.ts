import { costOf, meanTokens, modelRate, type RequestOutcome } from './request-traffic.js';
import { providers } from './world.js';

/** Today's totals (UTC day) of one provider and model. */
export interface ModelDay {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  inputCost: number;
  outputCost: number;
}

function key(provider: string, model: string): string {
  return `${provider}/${model}`;
}

/**
 * Today's requests, tokens and spend per provider and model. It starts from what the daily shape
 * says happened since midnight (the simulator does not start at midnight), then adds every simulated
 * request, so the day's spend grows as the gauges of a real backend do, and restarts at midnight UTC.
 */
export class DayLedger {
  private day = '';
  private readonly models = new Map<string, ModelDay>();

  /** The totals of one provider and model today. */
  of(provider: string, model: string): ModelDay {
    return this.models.get(key(provider, model)) ?? { requests: 0, inputTokens: 0, outputTokens: 0, inputCost: 0, outputCost: 0 };
  }

  /** Starts a new day (with what already happened since midnight) when the UTC date changed. */
  roll(at: Date): void {
    const day = at.toISOString().slice(0, 10);
    if (day === this.day) return;
    this.day = day;
    const midnight = Date.parse(`${day}T00:00:00Z`);
    for (const provider of providers) {
      for (const model of provider.models) {
        let requests = 0;
        for (let t = midnight; t < at.getTime(); t += 60_000) requests += modelRate(provider, new Date(t)) * Math.min(60, (at.getTime() - t) / 1000);
        const inputTokens = requests * meanTokens.input;
        const outputTokens = requests * meanTokens.output;
        this.models.set(key(provider.type, model.name), {
          requests,
          inputTokens,
          outputTokens,
          inputCost: costOf(inputTokens, model.inputPrice),
          outputCost: costOf(outputTokens, model.outputPrice),
        });
      }
    }
  }

  /** Adds a simulated request. */
  add(o: RequestOutcome): void {
    const d = this.of(o.provider, o.model);
    this.models.set(key(o.provider, o.model), {
      requests: d.requests + 1,
      inputTokens: d.inputTokens + o.inputTokens,
      outputTokens: d.outputTokens + o.outputTokens,
      inputCost: d.inputCost + o.inputCost,
      outputCost: d.outputCost + o.outputCost,
    });
  }

  /** Today's spend on providers, all models. */
  providerSpend(provider?: string): number {
    let sum = 0;
    for (const [k, d] of this.models) if (provider === undefined || k.startsWith(`${provider}/`)) sum += d.inputCost + d.outputCost;
    return sum;
  }

  /** Today's tokens of a provider, all models. */
  providerTokens(provider: string): number {
    let sum = 0;
    for (const [k, d] of this.models) if (k.startsWith(`${provider}/`)) sum += d.inputTokens + d.outputTokens;
    return sum;
  }

}
