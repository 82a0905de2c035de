import type { ContainerSummary } from '../docker/types.js';
import { UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { normalizeImageRef } from './image-ref.js';
import { planDeploy, type DesiredService } from './plan-deploy.js';

/** What an upgrade does to one service. */
export interface UpgradeStep {
  service: string;
  action: 'create' | 'replace';
  /** What differs: the image (tag or ID), the configuration (compose settings, mounted files), or both. */
  changes: ('image' | 'configuration')[];
  /** The running container, for a replace. */
  from?: ContainerSummary;
  to: { image: string; imageId: string };
}

/** A `--set service=image:tag` argument, parsed. */
export interface ImageOverride {
  service: string;
  image: string;
}

/** Parses `--set service=image[:tag|@digest]`; anything else is a usage error naming the argument. */
export function parseImageOverride(value: string): ImageOverride {
  const m = /^([a-z0-9][a-z0-9_.-]*)=([^\s=]+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--set "${value}" is not service=image:tag`, 'e.g. --set prometheus=prom/prometheus:v3.5.0');
  return { service: m[1]!, image: m[2]! };
}

/** The env variable behind a service's image in the shipped compose file: `node-exporter` -> `NODE_EXPORTER_IMAGE`. */
export function imageVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_IMAGE`;
}

/**
 * The steps of an upgrade: every selected service whose container is missing or differs from the
 * target (image tag, image ID, configuration), in dependency order. `hashAt(service, image)` is the
 * target's configuration hash with the image swapped for `image`: equal to the running container's
 * hash when only the image changes.
 */
export function planUpgrade(desired: DesiredService[], containers: ContainerSummary[], hashAt: (service: string, image: string) => string): UpgradeStep[] {
  const plan = planDeploy({ desired, declaredServices: desired.map((d) => d.spec.name), networks: [], volumes: [], actualContainers: containers, actualNetworks: [], actualVolumes: [] });
  const steps: UpgradeStep[] = [];
  for (const action of plan.services) {
    const want = desired.find((d) => d.spec.name === action.service)!;
    const to = { image: want.spec.image, imageId: want.imageId };
    if (action.action === 'create') steps.push({ service: action.service, action: 'create', changes: ['image', 'configuration'], to });
    if (action.action !== 'recreate') continue;
    const from = action.container!;
    const changes: UpgradeStep['changes'] = [];
    if (normalizeImageRef(from.image) !== normalizeImageRef(to.image) || from.imageId !== to.imageId) changes.push('image');
    if (from.labels[ComposeLabel.configHash] !== hashAt(action.service, from.image)) changes.push('configuration');
    steps.push({ service: action.service, action: 'replace', changes: changes.length ? changes : ['configuration'], from, to });
  }
  return steps;
}

/** A step of putting a recorded service back. */
export type RestoreStep =
  /** The recorded container still exists: drop the others of the service, give it its name back, start it. */
  | { service: string; kind: 'put-back'; container: ContainerSummary; remove: ContainerSummary[] }
  /** The recorded container is gone (the upgrade finished): replace what runs by a container of the recorded image. */
  | { service: string; kind: 'recreate'; current?: ContainerSummary; remove: ContainerSummary[] }
  /** Already as recorded. */
  | { service: string; kind: 'keep' };

/** What a recorded service needs to look like itself again. */
export interface RecordedContainer {
  service: string;
  containerId: string;
  name: string;
  imageId: string;
  configHash: string;
  running: boolean;
}

/** Decides, per recorded service, how to return to the record: the pure heart of rollback. */
export function planRestore(recorded: RecordedContainer[], containers: ContainerSummary[]): RestoreStep[] {
  return recorded.map((rec) => {
    const mine = containers.filter((c) => c.labels[ComposeLabel.service] === rec.service);
    const kept = mine.find((c) => c.id === rec.containerId);
    if (kept) {
      const remove = mine.filter((c) => c !== kept);
      const isRunning = kept.state === 'running' || kept.state === 'restarting';
      if (remove.length === 0 && kept.name === rec.name && isRunning === rec.running) return { service: rec.service, kind: 'keep' };
      return { service: rec.service, kind: 'put-back', container: kept, remove };
    }
    // The one named as the service's container is the one to replace; set-aside leftovers go.
    const current = mine.find((c) => c.name === rec.name) ?? mine[0];
    const remove = mine.filter((c) => c !== current);
    if (current && remove.length === 0 && current.imageId === rec.imageId && current.labels[ComposeLabel.configHash] === rec.configHash) return { service: rec.service, kind: 'keep' };
    return { service: rec.service, kind: 'recreate', ...(current ? { current } : {}), remove };
  });
}
