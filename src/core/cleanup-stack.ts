import { engineMessage } from '../docker/map-engine-error.js';
import type { DockerGateway } from '../docker/types.js';
import { EngineError } from '../errors.js';
import { planCleanup, type CleanupOptions, type CleanupPlan, type KeptImage } from './plan-cleanup.js';
import type { ProgressSink } from './progress.js';
import { projectFilter } from './resource-names.js';
import { selectStack, type StackContext } from './stack-context.js';

/** What cleanup removed (or, in a dry run or when the user declined, would have removed). */
export interface CleanupResult extends CleanupPlan {
  dryRun: boolean;
  /** The user answered no at the confirmation prompt: nothing was removed. */
  declined: boolean;
  /** Things cleanup left on purpose while removing (e.g. an image a container started meanwhile). */
  warnings: string[];
}

/**
 * Finds the project's resources by label (every compose profile, enabled or not: the label is the
 * identity, not the compose file's selection) and plans their removal. Changes nothing.
 */
export async function planStackCleanup(ctx: StackContext, gateway: DockerGateway, opts: CleanupOptions): Promise<CleanupPlan> {
  await gateway.ping();
  const filter = projectFilter(ctx.project);
  // '*' selects every service of every profile: their start order decides the stop order.
  const all = selectStack(ctx.stack, ['*']).services;
  const [containers, networks, volumes, volumeSizes, images, allContainers] = await Promise.all([
    gateway.listContainers(filter),
    gateway.listNetworks(filter),
    gateway.listVolumes(filter),
    // Measuring walks every volume on the engine: only when the sizes are about to be shown.
    opts.volumes ? gateway.volumeSizes() : undefined,
    opts.images ? gateway.listImages() : undefined,
    opts.images ? gateway.listContainers({}) : undefined,
  ]);
  return planCleanup(
    {
      project: ctx.project,
      startOrder: all.map((s) => s.name),
      stackImages: [...new Set(all.map((s) => s.image))],
      containers,
      networks,
      volumes,
      ...(volumeSizes ? { volumeSizes } : {}),
      ...(images ? { images } : {}),
      ...(allContainers ? { allContainers } : {}),
    },
    opts,
  );
}

const isGone = (err: unknown) => err instanceof EngineError && err.status === 404;

/**
 * Carries out a plan: stops the containers gracefully (dependents first, `timeoutSeconds` each),
 * removes them, then the networks, the volumes and the images. Touches only what the plan names;
 * something already gone counts as removed, so an interrupted cleanup can simply be run again.
 */
export async function applyCleanup(plan: CleanupPlan, gateway: DockerGateway, progress: ProgressSink, opts: { timeoutSeconds: number }): Promise<CleanupResult> {
  const warnings: string[] = [];
  const tolerateGone = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  };

  for (const c of plan.containers) {
    if (c.state !== 'running' && c.state !== 'restarting' && c.state !== 'paused') continue;
    progress.begin(`stop:${c.name}`, `${c.service}: stopping`);
    await tolerateGone(() => gateway.stopContainer(c.id, opts.timeoutSeconds));
    progress.succeed(`stop:${c.name}`, `${c.service}: stopped`);
  }
  for (const c of plan.containers) {
    progress.begin(`rm:${c.name}`, `container ${c.name}: removing`);
    await tolerateGone(() => gateway.removeContainer(c.id));
    progress.succeed(`rm:${c.name}`, `container ${c.name}: removed`);
  }
  for (const n of plan.networks) {
    progress.begin(`rm:${n}`, `network ${n}: removing`);
    await tolerateGone(() => gateway.removeNetwork(n)).catch((err: unknown) => {
      throw inUse(err, `network ${n}`, `a container outside project ${plan.project} is still attached: see \`docker network inspect ${n}\`, disconnect it, and run cleanup again`);
    });
    progress.succeed(`rm:${n}`, `network ${n}: removed`);
  }
  for (const v of plan.volumes) {
    progress.begin(`rm:${v.name}`, `volume ${v.name}: removing`);
    await tolerateGone(() => gateway.removeVolume(v.name)).catch((err: unknown) => {
      throw inUse(err, `volume ${v.name}`, `a container outside project ${plan.project} uses it: see \`docker ps -a --filter volume=${v.name}\``);
    });
    progress.succeed(`rm:${v.name}`, `volume ${v.name}: removed`);
  }

  const images: CleanupPlan['images'] = [];
  const keptImages: KeptImage[] = [...plan.keptImages];
  for (const image of plan.images) {
    let deleted = false;
    let answered = false;
    try {
      for (const ref of image.refs) {
        progress.begin(`rmi:${ref}`, `image ${ref}: removing`);
        await tolerateGone(async () => {
          deleted = (await gateway.removeImage(ref)).deleted || deleted;
          answered = true;
        });
        progress.succeed(`rmi:${ref}`, `image ${ref}: ${deleted ? 'removed' : 'untagged'}`);
      }
      // All of its names already gone: the plan's expectation is the best account there is.
      images.push({ ...image, deletes: answered ? deleted : image.deletes });
    } catch (err) {
      // Images are optional to remove: one a container started meanwhile is kept, not a failure.
      if (!(err instanceof EngineError && err.status === 409)) throw err;
      const ref = image.refs[0] ?? image.id;
      progress.fail(`rmi:${ref}`, `image ${ref}: kept`);
      keptImages.push({ ref, reason: err.message });
      warnings.push(`image ${ref} kept: ${err.message}`);
    }
  }
  return { ...plan, images, keptImages, dryRun: false, declined: false, warnings };
}

/** A removal the engine refused because something outside the project still uses the resource. */
function inUse(err: unknown, what: string, hint: string): unknown {
  if (err instanceof EngineError && (err.status === 409 || err.status === 403)) {
    return new EngineError(`cannot remove ${what}: ${engineMessage(err.cause ?? err)}`, hint, err.status, { cause: err });
  }
  return err;
}
