import type { ContainerEvent } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';

interface Waiter {
  service: string;
  generation: number;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Counts container starts per service from the engine's event stream, so a follower can wait for
 * "a start after the moment I looked" without a race: take `generation(service)` before listing the
 * containers, and `waitForStart(service, thatGeneration)` returns at once if a start came in between.
 */
export class ServiceStarts {
  private readonly generations = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private failure: { error: unknown } | undefined;
  private ended = false;
  /** Settles when the event stream ends: resolved when it was stopped, rejected when it broke. */
  readonly done: Promise<void>;

  /** Starts reading `events` (subscribed with the project's label and the `start` action). */
  constructor(events: AsyncIterable<ContainerEvent>) {
    this.done = this.pump(events);
    // The owner awaits `done` or gets the error through waitForStart; never an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** How many starts of `service` were seen so far. */
  generation(service: string): number {
    return this.generations.get(service) ?? 0;
  }

  /**
   * Resolves when `service` has started more often than `generation`, or when the stream was
   * stopped (the caller checks its signal); rejects with the stream's error if it broke.
   */
  waitForStart(service: string, generation: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended || this.generation(service) > generation) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.add({ service, generation, resolve, reject }));
  }

  private async pump(events: AsyncIterable<ContainerEvent>): Promise<void> {
    try {
      for await (const e of events) {
        const service = e.attributes[ComposeLabel.service];
        if (!service || e.attributes[ComposeLabel.oneoff] === 'True') continue;
        this.generations.set(service, this.generation(service) + 1);
        for (const w of this.waiters) {
          if (w.service === service) {
            this.waiters.delete(w);
            w.resolve();
          }
        }
      }
    } catch (error) {
      this.failure = { error };
      for (const w of this.waiters) w.reject(error);
      this.waiters.clear();
      throw error;
    } finally {
      this.ended = true;
      for (const w of this.waiters) w.resolve();
      this.waiters.clear();
    }
  }
}
