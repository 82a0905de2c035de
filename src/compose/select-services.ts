import type { ServiceSpec, StackSpec } from './types.js';

/**
 * The services active for the given profiles: those without profiles always, plus those sharing a
 * selected profile; `*` selects every service. Declaration order is kept.
 */
export function selectServices(stack: StackSpec, profiles: string[]): ServiceSpec[] {
  if (profiles.includes('*')) return [...stack.services];
  const selected = new Set(profiles);
  return stack.services.filter((s) => s.profiles.length === 0 || s.profiles.some((p) => selected.has(p)));
}
