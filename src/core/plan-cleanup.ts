import type { ContainerState, ContainerSummary, ImageInfo, NamedResource } from '../docker/types.js';
import { ComposeLabel, IshLabel } from '../labels.js';
import { normalizeImageRef } from './image-ref.js';
import { compareText } from './compare-text.js';

/** What `cleanup` is asked to remove besides containers and networks. */
export interface CleanupOptions {
  /** Also remove the data volumes (`--volumes`). */
  volumes: boolean;
  /** Also remove the stack's images that no other container uses (`--images`). */
  images: boolean;
}

/** A container cleanup stops and removes. */
export interface CleanupContainer {
  id: string;
  name: string;
  service: string;
  state: ContainerState;
}

/** A volume cleanup removes; the size is absent when the engine could not measure it. */
export interface CleanupVolume {
  name: string;
  sizeBytes?: number;
}

/** An image cleanup removes by the stack's names for it. */
export interface CleanupImage {
  id: string;
  /** The references to remove: the stack's tags of the image, or its ID when it has no tag at all. */
  refs: string[];
  sizeBytes: number;
  /** Whether the image itself goes (no other tag keeps it); otherwise only the stack's tags go. */
  deletes: boolean;
  /** Tags that are not the stack's and keep the image on the engine. */
  otherTags: string[];
}

/** A stack image cleanup leaves, and why. */
export interface KeptImage {
  ref: string;
  reason: string;
}

/** Everything cleanup will remove, in the order it removes it, and what it deliberately keeps. */
export interface CleanupPlan {
  project: string;
  /** Dependents before their dependencies (the reverse of start order). */
  containers: CleanupContainer[];
  networks: string[];
  volumes: CleanupVolume[];
  /** The project's volumes, kept because `--volumes` was not given. */
  keptVolumes: string[];
  images: CleanupImage[];
  keptImages: KeptImage[];
}

/** What the engine holds, as far as cleanup needs it. */
export interface CleanupFacts {
  project: string;
  /** Every service of the compose file (all profiles), dependencies first. */
  startOrder: string[];
  /** Image references of every service of the compose file (all profiles). */
  stackImages: string[];
  /** Containers listed by the project's label filter. */
  containers: ContainerSummary[];
  networks: NamedResource[];
  volumes: NamedResource[];
  /** Bytes per volume name, when measured. */
  volumeSizes?: Map<string, number>;
  /** Every image on the engine (only needed with `images`). */
  images?: (ImageInfo & { sizeBytes: number })[];
  /** Every container on the engine (only needed with `images`): who else uses an image. */
  allContainers?: ContainerSummary[];
}

/**
 * Whether a resource is this project's and made by this tool: both labels, checked again here
 * so that a filter the engine (or a fake) applied loosely can never widen what gets deleted.
 */
export function isProjectResource(labels: Record<string, string>, project: string): boolean {
  return labels[ComposeLabel.project] === project && labels[IshLabel.managed] === 'true';
}

const byName = <T extends { name: string }>(a: T, b: T) => compareText(a.name, b.name);

/** Decides what cleanup removes: only labelled resources, containers in stop order, images nobody else uses. */
export function planCleanup(facts: CleanupFacts, opts: CleanupOptions): CleanupPlan {
  const mine = <T extends { labels: Record<string, string> }>(list: T[]) => list.filter((r) => isProjectResource(r.labels, facts.project));
  const startIndex = new Map(facts.startOrder.map((s, i) => [s, i]));
  // Services the compose file no longer names go first: nothing of the stack depends on them.
  const stopKey = (service: string) => startIndex.get(service) ?? Number.MAX_SAFE_INTEGER;
  const containers = mine(facts.containers)
    .map((c) => ({ id: c.id, name: c.name, service: c.labels[ComposeLabel.service] ?? c.name, state: c.state }))
    .sort((a, b) => stopKey(b.service) - stopKey(a.service) || compareText(a.name, b.name));
  const networks = mine(facts.networks).sort(byName).map((n) => n.name);
  const volumes = mine(facts.volumes).sort(byName);
  const images = opts.images ? planImages(facts, containers) : { images: [], keptImages: [] };
  return {
    project: facts.project,
    containers,
    networks,
    volumes: opts.volumes ? volumes.map((v) => withSize(v.name, facts.volumeSizes)) : [],
    keptVolumes: opts.volumes ? [] : volumes.map((v) => v.name),
    ...images,
  };
}

function withSize(name: string, sizes: Map<string, number> | undefined): CleanupVolume {
  const size = sizes?.get(name);
  return size === undefined ? { name } : { name, sizeBytes: size };
}

/** The stack's images on the engine, split into those to remove and those another container still uses. */
function planImages(facts: CleanupFacts, containers: CleanupContainer[]): Pick<CleanupPlan, 'images' | 'keptImages'> {
  const ours = new Set(containers.map((c) => c.id));
  const projectContainers = facts.containers.filter((c) => ours.has(c.id));
  // The names the stack runs images by: the compose file's, and what its containers were created from.
  const stackRefs = new Set(
    [...facts.stackImages, ...projectContainers.map((c) => c.image).filter((i) => !i.startsWith('sha256:'))].map(normalizeImageRef),
  );
  const projectImageIds = new Set(projectContainers.map((c) => c.imageId));
  const usedElsewhere = new Map<string, string>();
  for (const c of facts.allContainers ?? []) if (!ours.has(c.id) && !usedElsewhere.has(c.imageId)) usedElsewhere.set(c.imageId, c.name);

  const images: CleanupImage[] = [];
  const keptImages: KeptImage[] = [];
  for (const image of facts.images ?? []) {
    const names = [...image.repoTags, ...image.repoDigests];
    const stackNames = names.filter((n) => stackRefs.has(normalizeImageRef(n)));
    if (stackNames.length === 0 && !projectImageIds.has(image.id)) continue;
    const shown = stackNames[0] ?? image.repoTags[0] ?? image.id;
    const user = usedElsewhere.get(image.id);
    if (user !== undefined) {
      keptImages.push({ ref: shown, reason: `used by container ${user}, which is not this project's` });
      continue;
    }
    const otherTags = image.repoTags.filter((t) => !stackNames.includes(t));
    if (stackNames.length === 0) {
      // Run by this project under a name the stack no longer uses: remove by ID only when untagged.
      if (otherTags.length > 0) keptImages.push({ ref: shown, reason: `tagged ${otherTags.join(', ')}, not a name of this stack` });
      else images.push({ id: image.id, refs: [image.id], sizeBytes: image.sizeBytes, deletes: true, otherTags: [] });
      continue;
    }
    images.push({ id: image.id, refs: stackNames, sizeBytes: image.sizeBytes, deletes: otherTags.length === 0, otherTags });
  }
  images.sort((a, b) => compareText(a.refs[0] ?? '', b.refs[0] ?? ''));
  keptImages.sort((a, b) => compareText(a.ref, b.ref));
  return { images, keptImages };
}
