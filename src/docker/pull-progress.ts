import type Docker from 'dockerode';
import { DockerUnreachableError, EngineError } from '../errors.js';
import { engineMessage } from './map-engine-error.js';
import type { PullProgress } from './types.js';

/** Why an image that is not on the engine could not be pulled: the engine's words and the fix. */
export function pullError(ref: string, err: unknown): Error {
  if (err instanceof DockerUnreachableError) return err;
  return new EngineError(
    `image ${ref} is not on the engine and cannot be pulled: ${engineMessage(err)}`,
    'check the image name and tag and the registry, or build it locally (scripts/build-local-images.sh) and set its *_IMAGE variable',
    (err as { statusCode?: number }).statusCode,
    { cause: err },
  );
}

/** One event of the engine's pull stream. */
export interface PullEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
}

/** Adds up the per-layer events of one image pull into layers and bytes done of total. */
export class PullTally {
  private readonly layers = new Map<string, { done: boolean; current: number; total: number }>();

  constructor(private readonly image: string) {}

  /** Takes one event; returns the progress so far, or undefined for events about no layer. */
  add(ev: PullEvent): PullProgress | undefined {
    if (!ev.id || !ev.status) return undefined;
    const layer = this.layers.get(ev.id) ?? { done: false, current: 0, total: 0 };
    if (ev.progressDetail?.total) layer.total = ev.progressDetail.total;
    if (ev.status === 'Downloading' && ev.progressDetail?.current) layer.current = ev.progressDetail.current;
    if (ev.status === 'Pull complete' || ev.status === 'Already exists') {
      layer.done = true;
      layer.current = layer.total;
    }
    this.layers.set(ev.id, layer);
    const all = [...this.layers.values()];
    return {
      image: this.image,
      layersTotal: all.length,
      layersDone: all.filter((l) => l.done).length,
      bytesDone: all.reduce((n, l) => n + l.current, 0),
      bytesTotal: all.reduce((n, l) => n + l.total, 0),
    };
  }
}

/** Follows a started pull to its end, reporting progress; rejects with pullError's error when the pull fails. */
export function followPull(docker: Docker, stream: NodeJS.ReadableStream, ref: string, onProgress: (p: PullProgress) => void): Promise<void> {
  const tally = new PullTally(ref);
  return new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: { error?: string }[]) => {
        const failed = err ?? events.find((e) => e.error);
        if (failed) reject(pullError(ref, failed instanceof Error ? failed : new Error(failed.error)));
        else resolve();
      },
      (ev: PullEvent) => {
        const progress = tally.add(ev);
        if (progress) onProgress(progress);
      },
    );
  });
}
