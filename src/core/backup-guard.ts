import type { DockerGateway } from '../docker/types.js';
import type { BackupSource } from './backup-source.js';
import { deleteTsdbSnapshot } from './tsdb-snapshot.js';

/**
 * Remembers what a backup changed on the engine (containers it stopped, snapshots it took) so that
 * every path out, failure and Ctrl-C included, undoes it. Each undo is tried until it succeeds once.
 */
export class BackupGuard {
  private readonly stopped = new Map<string, string>();
  private readonly snapshots = new Map<string, { containerId: string; tsdbPath: string; name: string }>();
  /** Stops and starts under way. */
  private readonly pending = new Set<Promise<void>>();
  /** Services started again after their copy. */
  readonly restarted = new Set<string>();
  /** Undo steps that failed, as sentences. */
  readonly failures = new Map<string, string>();

  constructor(
    private readonly gateway: DockerGateway,
    private readonly source: Pick<BackupSource, 'stop' | 'start'>,
  ) {}

  /**
   * Stops a service gracefully (SIGTERM, then `timeoutSeconds`) and returns the container to copy its
   * data from; recorded first, so an interrupted stop is undone too.
   */
  async stop(containerId: string, service: string, timeoutSeconds: number): Promise<string> {
    this.stopped.set(containerId, service);
    const stopping = this.source.stop(containerId, service, timeoutSeconds);
    // undoAll waits for a stop still under way: a start sent before it would be undone by it.
    const settled: Promise<void> = stopping.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    return stopping;
  }

  /** Records a snapshot to delete. */
  addSnapshot(containerId: string, tsdbPath: string, name: string): void {
    this.snapshots.set(name, { containerId, tsdbPath, name });
  }

  /** Starts a container this guard stopped; a failure is recorded, not thrown. */
  async start(containerId: string): Promise<void> {
    const service = this.stopped.get(containerId);
    if (service === undefined) return;
    try {
      await this.source.start(containerId, service);
      this.stopped.delete(containerId);
      this.failures.delete(`start:${service}`);
      this.restarted.add(service);
    } catch (err) {
      this.failures.set(`start:${service}`, `${service} could not be started again: ${(err as Error).message}`);
    }
  }

  /** Starts a container this guard stopped without waiting for it (the archive goes on meanwhile); undoAll waits for it. */
  startSoon(containerId: string): void {
    const started: Promise<void> = this.start(containerId).finally(() => this.pending.delete(started));
    this.pending.add(started);
  }

  /** Deletes a snapshot this guard recorded; a failure is recorded, not thrown. */
  async deleteSnapshot(name: string): Promise<void> {
    const s = this.snapshots.get(name);
    if (!s) return;
    try {
      await deleteTsdbSnapshot(this.gateway, s.containerId, s.tsdbPath, s.name);
      this.snapshots.delete(name);
      this.failures.delete(`snapshot:${name}`);
    } catch (err) {
      this.failures.set(`snapshot:${name}`, (err as Error).message);
    }
  }

  /** Undoes whatever is still undone. */
  async undoAll(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    for (const id of [...this.stopped.keys()]) await this.start(id);
    for (const name of [...this.snapshots.keys()]) await this.deleteSnapshot(name);
  }
}
