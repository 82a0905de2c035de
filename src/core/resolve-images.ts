import type { ServiceSpec } from '../compose/types.js';
import type { DockerGateway } from '../docker/types.js';
import { EngineError } from '../errors.js';
import type { ProgressSink } from './progress.js';

/** When to pull: compose's `--pull` policies. */
export type PullPolicy = 'missing' | 'always' | 'never';

/** Image ID per image reference, plus which references were (or, in a dry run, would be) pulled. */
export interface ResolvedImages {
  ids: Map<string, string>;
  pulled: string[];
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`;
}

/**
 * Makes sure every service's image is on the engine, pulling per the policy. All pulls happen
 * before anything is changed, so a missing image leaves the running stack untouched.
 */
export async function resolveImages(
  gateway: DockerGateway,
  services: ServiceSpec[],
  opts: { policy: PullPolicy; dryRun: boolean; progress: ProgressSink },
): Promise<ResolvedImages> {
  const refs = [...new Set(services.map((s) => s.image))];
  const ids = new Map<string, string>();
  const pulled: string[] = [];
  for (const ref of refs) {
    const local = await gateway.inspectImage(ref);
    const wantPull = opts.policy === 'always' || (!local && opts.policy === 'missing');
    if (!wantPull) {
      if (!local) {
        const users = services.filter((s) => s.image === ref).map((s) => s.name).join(', ');
        throw new EngineError(`image ${ref} (service ${users}) is not on the engine and --pull never forbids pulling it`, 'pull or build it first, or drop --pull never');
      }
      ids.set(ref, local.id);
      continue;
    }
    pulled.push(ref);
    if (opts.dryRun) {
      ids.set(ref, local?.id ?? '');
      continue;
    }
    opts.progress.begin(`pull:${ref}`, `pulling ${ref}`);
    try {
      await gateway.pullImage(ref, (p) =>
        opts.progress.update(`pull:${ref}`, `pulling ${ref}: ${p.layersDone}/${p.layersTotal} layers, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`),
      );
    } catch (err) {
      opts.progress.fail(`pull:${ref}`, `pulling ${ref} failed`);
      throw err;
    }
    opts.progress.succeed(`pull:${ref}`, `pulled ${ref}`);
    const after = await gateway.inspectImage(ref);
    if (!after) throw new EngineError(`image ${ref} is still missing after a successful pull`, 'check the engine\'s disk space and logs');
    ids.set(ref, after.id);
  }
  return { ids, pulled };
}
