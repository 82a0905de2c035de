import { checkDependencies } from './check-dependencies.js';
import { toStringMap } from './key-value-list.js';
import { errorAt } from './located-error.js';
import { normalizeService, type ServiceContext } from './normalize-service.js';
import type { RawCompose, RawResource } from './raw-compose.js';
import type { NetworkSpec, StackSpec, VolumeSpec } from './types.js';

/** What building the stack needs beyond the document: ServiceContext minus the declared names it derives. */
export type StackContext = Omit<ServiceContext, 'volumes' | 'networks'> & { warnings: string[] };

/**
 * Normalises a validated document into services, networks and volumes, enforcing the cross-references
 * the schema cannot: declared volumes and networks, existing and acyclic dependencies, unique
 * container names. Adds compose's implicit `default` network when a service relies on it.
 */
export function buildStack(raw: RawCompose, ctx: StackContext): Pick<StackSpec, 'services' | 'networks' | 'volumes'> {
  const networks: NetworkSpec[] = resources(raw.networks);
  const volumes: VolumeSpec[] = resources(raw.volumes);
  const serviceCtx: ServiceContext = {
    ...ctx,
    networks: new Set(networks.map((n) => n.name)),
    volumes: new Set(volumes.map((v) => v.name)),
  };
  const normalised = Object.entries(raw.services).map(([name, service]) => normalizeService(name, service, serviceCtx));
  if (normalised.some((s) => s.networks.includes('default')) && !networks.some((n) => n.name === 'default')) {
    networks.push({ name: 'default', labels: {} });
  }
  const owners = new Map<string, string>();
  for (const service of normalised) {
    if (service.containerName === undefined) continue;
    const other = owners.get(service.containerName);
    if (other) {
      throw errorAt(
        ctx.src,
        ['services', service.name, 'container_name'],
        `services "${other}" and "${service.name}" both use container_name "${service.containerName}"`,
        'container names must be unique on a host; remove one of them',
      );
    }
    owners.set(service.containerName, service.name);
  }
  return { services: checkDependencies(normalised, raw.services, ctx.src, ctx.warnings), networks, volumes };
}

function resources(raw: Record<string, RawResource | null> | undefined): { name: string; driver?: string; labels: Record<string, string> }[] {
  return Object.entries(raw ?? {}).map(([name, def]) => {
    const labels = toStringMap(def?.labels, () => '');
    return def?.driver === undefined ? { name, labels } : { name, driver: def.driver, labels };
  });
}
