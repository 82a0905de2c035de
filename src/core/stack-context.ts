import { closestMatch } from '../compose/closest-match.js';
import { cacheDir, loadStackCached } from '../compose/stack-cache.js';
import { selectServices } from '../compose/select-services.js';
import type { ServiceSpec, StackSpec } from '../compose/types.js';
import { UsageError } from '../errors.js';
import { orderServices } from './order-services.js';
import { networkName, volumeName } from './resource-names.js';

/** How a command finds its stack: the compose file, env file, project and profiles. */
export interface StackOptions {
  composeFile: string;
  envFile?: string;
  projectName?: string;
  /** Profiles to enable, from --profile or COMPOSE_PROFILES. */
  profiles: string[];
  env: Record<string, string | undefined>;
}

/** A loaded stack with its selected services in start order and engine-side names. */
export interface StackContext {
  stack: StackSpec;
  project: string;
  /** The enabled profiles, sorted. */
  profiles: string[];
  /** Selected services (and their dependencies), dependencies first. */
  services: ServiceSpec[];
  /** compose network name -> engine name, for the networks the selected services use. */
  networkNames: Record<string, string>;
  /** compose volume name -> engine name, for the volumes the selected services use. */
  volumeNames: Record<string, string>;
}

/** The profiles to enable: explicit flags win, else COMPOSE_PROFILES. */
export function profilesFrom(flags: string[], env: Record<string, string | undefined>): string[] {
  if (flags.length > 0) return flags;
  return (env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

/** The context for a set of profiles: selected services (and dependencies) in start order, engine names. */
export function selectStack(stack: StackSpec, profiles: string[]): StackContext {
  const services = orderServices(stack.services, selectServices(stack, profiles));
  const networkNames: Record<string, string> = {};
  const volumeNames: Record<string, string> = {};
  for (const s of services) {
    for (const n of s.networks) networkNames[n] = networkName(stack.project, n);
    for (const m of s.volumes) if (m.type === 'volume') volumeNames[m.source] = volumeName(stack.project, m.source);
  }
  return { stack, project: stack.project, profiles: [...new Set(profiles)].sort(), services, networkNames, volumeNames };
}

/** Loads and validates the compose file, then selects the services that the profiles enable. */
export async function openStack(opts: StackOptions): Promise<StackContext> {
  const load = {
    file: opts.composeFile,
    env: opts.env,
    ...(opts.envFile ? { envFile: opts.envFile } : {}),
    ...(opts.projectName ? { projectName: opts.projectName } : {}),
  };
  const stack = await loadStackCached(load, cacheDir(opts.env));
  checkProfiles(stack, opts.profiles);
  return selectStack(stack, opts.profiles);
}

/** A profile no service of the compose file has is a typo, not an empty selection: a usage error naming the known ones. */
function checkProfiles(stack: StackSpec, profiles: string[]): void {
  const known = [...new Set(stack.services.flatMap((s) => s.profiles))].sort();
  const unknown = profiles.find((p) => p !== '*' && !known.includes(p));
  if (unknown === undefined) return;
  const near = closestMatch(unknown, known);
  throw new UsageError(
    `unknown profile "${unknown}" (from --profile or COMPOSE_PROFILES)${near ? `: did you mean "${near}"?` : ''}`,
    `profiles in ${stack.composeFile}: ${known.join(', ') || 'none'}`,
  );
}

/**
 * Profiles are remembered by what runs: a profile counts as enabled while any container of one of
 * its services exists in the project. Returns the context widened by those profiles, so a later
 * `deploy` or `status` without --profile still sees the services an earlier `--profile` added.
 */
export function withDeployedProfiles(ctx: StackContext, deployedServices: Iterable<string>): StackContext {
  const byName = new Map(ctx.stack.services.map((s) => [s.name, s]));
  const active = new Set(ctx.profiles);
  for (const name of deployedServices) for (const p of byName.get(name)?.profiles ?? []) active.add(p);
  return active.size === ctx.profiles.length ? ctx : selectStack(ctx.stack, [...active]);
}

/** The named services, or all selected ones when none are named; unknown names are a usage error. */
export function pickServices(ctx: StackContext, names: string[]): ServiceSpec[] {
  if (names.length === 0) return ctx.services;
  const known = new Map(ctx.stack.services.map((s) => [s.name, s]));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown service ${unknown.map((n) => `"${n}"`).join(', ')}`,
      `services in ${ctx.stack.composeFile}: ${[...known.keys()].join(', ')}`,
    );
  }
  return names.map((n) => known.get(n)!).filter((s, i, all) => all.indexOf(s) === i);
}
