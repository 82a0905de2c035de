import type { ServiceSpec } from '../compose/types.js';

/**
 * The selected services plus everything they depend on, in start order (dependencies first).
 * The loader has already rejected unknown dependencies and cycles.
 */
export function orderServices(all: ServiceSpec[], selected: ServiceSpec[]): ServiceSpec[] {
  const byName = new Map(all.map((s) => [s.name, s]));
  const ordered: ServiceSpec[] = [];
  const seen = new Set<string>();
  const visit = (s: ServiceSpec) => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    for (const dep of s.dependsOn) {
      const d = byName.get(dep.service);
      if (d) visit(d);
    }
    ordered.push(s);
  };
  selected.forEach(visit);
  return ordered;
}
