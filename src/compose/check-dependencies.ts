import { closestMatch } from './closest-match.js';
import { errorAt } from './located-error.js';
import type { RawService } from './raw-compose.js';
import type { ServiceSpec } from './types.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/**
 * Checks `depends_on` across the stack: every dependency names a service (a missing one with
 * `required: false` is dropped with a warning, as compose does) and there is no cycle, which would
 * leave deploy with no valid start order. Returns the services with unresolvable optional deps removed.
 */
export function checkDependencies(
  services: ServiceSpec[],
  raw: Record<string, RawService>,
  src: YamlSource,
  warnings: string[],
): ServiceSpec[] {
  const names = new Set(services.map((s) => s.name));
  const pathOf = (from: string, to: string): YamlPath => {
    const deps = raw[from]?.depends_on;
    return Array.isArray(deps) ? ['services', from, 'depends_on', deps.indexOf(to)] : ['services', from, 'depends_on', to];
  };
  const checked = services.map((service) => {
    const dependsOn = service.dependsOn.filter((dep) => {
      if (names.has(dep.service)) return true;
      const where = pathOf(service.name, dep.service);
      if (dep.required === false) {
        warnings.push(`${src.file}:${src.lineOf(where)}: service "${service.name}" depends on "${dep.service}", which does not exist; ignored (required: false)`);
        return false;
      }
      const close = closestMatch(dep.service, names);
      throw errorAt(
        src,
        where,
        `service "${service.name}" depends on "${dep.service}", which is not a service of this stack`,
        close ? `did you mean "${close}"?` : `services are: ${[...names].join(', ')}`,
      );
    });
    return { ...service, dependsOn };
  });
  const cycle = findCycle(checked);
  if (cycle) {
    const [first, second] = cycle;
    throw errorAt(src, pathOf(first!, second!), `dependency cycle: ${cycle.join(' -> ')}`, 'remove one of these depends_on entries');
  }
  return checked;
}

/** The first cycle found, as a closed walk `a -> b -> a`, or undefined. */
function findCycle(services: ServiceSpec[]): string[] | undefined {
  const edges = new Map(services.map((s) => [s.name, s.dependsOn.map((d) => d.service)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of edges.get(name) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  // Visit in declaration order so the reported cycle is deterministic.
  for (const s of services) {
    const found = visit(s.name);
    if (found) return found;
  }
  return undefined;
}
