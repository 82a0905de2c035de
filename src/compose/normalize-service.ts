import { join, dirname, resolve } from 'node:path';
import { closestMatch } from './closest-match.js';
import type { Lookup } from './interpolate.js';
import { toExtraHosts, toStringMap } from './key-value-list.js';
import { errorAt, parseAt } from './located-error.js';
import { normalizeHealthcheck } from './normalize-healthcheck.js';
import { parseCpus } from './parse-cpus.js';
import { parseMount } from './parse-mount.js';
import { parsePort } from './parse-port.js';
import { parseSize } from './parse-size.js';
import type { RawEnvFile, RawResources, RawService } from './raw-compose.js';
import { splitCommand } from './split-command.js';
import type { DependencySpec, LimitsSpec, MountSpec, ServiceSpec } from './types.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

// The engine refuses smaller memory limits; saying so here names the line instead of failing at create.
const MIN_MEMORY_LIMIT = 6 * 1024 * 1024;

/** What normalising one service needs from the rest of the stack. */
export interface ServiceContext {
  src: YamlSource;
  /** Directory of the compose file: bind sources and env_file paths resolve against it. */
  workingDir: string;
  /** Home directory for `~/` bind sources. */
  home?: string;
  /** The interpolation environment: fills `environment` entries written without a value. */
  lookup: Lookup;
  /** Names declared under the top-level `volumes:` and `networks:`. */
  volumes: ReadonlySet<string>;
  networks: ReadonlySet<string>;
  /** Reads and parses an env_file; returns undefined for an optional file that does not exist. */
  readEnvFile(absPath: string, displayPath: string, required: boolean, path: YamlPath): Record<string, string> | undefined;
}

/** Turns one validated, interpolated service into its ServiceSpec, checking what the schema cannot. */
export function normalizeService(name: string, raw: RawService, ctx: ServiceContext): ServiceSpec {
  const { src } = ctx;
  const at = (...rest: (string | number)[]): YamlPath => ['services', name, ...rest];
  if (raw.image.trim() === '') {
    throw errorAt(src, at('image'), `service "${name}" has an empty image`, 'set image:, or the variable it refers to');
  }
  const spec: ServiceSpec = {
    name,
    image: raw.image,
    environment: { ...envFiles(raw.env_file, ctx, at('env_file')), ...toStringMap(raw.environment, ctx.lookup) },
    ports: (raw.ports ?? []).flatMap((entry, i) => parseAt(src, at('ports', i), () => parsePort(entry))),
    volumes: (raw.volumes ?? []).map((entry, i) => mount(entry, ctx, at('volumes', i))),
    ...networks(raw, ctx, at('networks')),
    dependsOn: dependencies(raw.depends_on),
    restart: raw.restart ?? 'no',
    // A label written without a value is an empty label, not a lookup.
    labels: toStringMap(raw.labels, () => ''),
    extraHosts: parseAt(src, at('extra_hosts'), () => toExtraHosts(raw.extra_hosts)),
    profiles: raw.profiles ?? [],
  };
  if (raw.command !== undefined) spec.command = argv(raw.command, ctx, at('command'));
  if (raw.entrypoint !== undefined) spec.entrypoint = argv(raw.entrypoint, ctx, at('entrypoint'));
  if (raw.healthcheck) spec.healthcheck = normalizeHealthcheck(raw.healthcheck, src, at('healthcheck'));
  if (raw.user !== undefined) spec.user = String(raw.user);
  if (raw.container_name !== undefined) spec.containerName = raw.container_name;
  if (raw.logging) {
    const options = toStringMap(raw.logging.options as Record<string, string | number | null> | undefined, () => undefined);
    spec.logging = raw.logging.driver === undefined ? { options } : { driver: raw.logging.driver, options };
  }
  const resources = raw.deploy?.resources;
  if (resources?.limits) spec.limits = limits(resources.limits, ctx, at('deploy', 'resources', 'limits'), true);
  if (resources?.reservations) spec.reservations = limits(resources.reservations, ctx, at('deploy', 'resources', 'reservations'), false);
  return spec;
}

function argv(value: string | string[], ctx: ServiceContext, path: YamlPath): string[] {
  return typeof value === 'string' ? parseAt(ctx.src, path, () => splitCommand(value)) : [...value];
}

function envFiles(raw: RawEnvFile | RawEnvFile[] | undefined, ctx: ServiceContext, path: YamlPath): Record<string, string> {
  if (raw === undefined) return {};
  const entries = Array.isArray(raw) ? raw : [raw];
  const merged: Record<string, string> = {};
  entries.forEach((entry, i) => {
    const file = typeof entry === 'string' ? entry : entry.path;
    const required = typeof entry === 'string' ? true : entry.required ?? true;
    const display = join(dirname(ctx.src.file), file);
    const vars = ctx.readEnvFile(resolve(ctx.workingDir, file), display, required, Array.isArray(raw) ? [...path, i] : path);
    // Later files override earlier ones, as with compose.
    Object.assign(merged, vars ?? {});
  });
  return merged;
}

function mount(entry: Parameters<typeof parseMount>[0], ctx: ServiceContext, path: YamlPath): MountSpec {
  const spec = parseAt(ctx.src, path, () => parseMount(entry, ctx.home ? { workingDir: ctx.workingDir, home: ctx.home } : { workingDir: ctx.workingDir }));
  if (spec.type === 'volume' && !ctx.volumes.has(spec.source)) {
    throw errorAt(
      ctx.src,
      path,
      `service "${String(path[1])}" uses volume "${spec.source}", which is not declared under the top-level volumes:`,
      suggestOr(spec.source, ctx.volumes, `declare it: add "  ${spec.source}:" under a top-level volumes: key`),
    );
  }
  return spec;
}

function networks(raw: RawService, ctx: ServiceContext, path: YamlPath): Pick<ServiceSpec, 'networks' | 'networkAliases'> {
  const declared = raw.networks;
  const names = declared === undefined ? [] : Array.isArray(declared) ? declared : Object.keys(declared);
  // Compose attaches a service without networks (absent or empty) to the project's implicit `default`.
  if (declared === undefined || names.length === 0) return { networks: ['default'] };
  const aliases: Record<string, string[]> = {};
  names.forEach((net, i) => {
    if (net !== 'default' && !ctx.networks.has(net)) {
      throw errorAt(
        ctx.src,
        Array.isArray(declared) ? [...path, i] : [...path, net],
        `service "${String(path[1])}" uses network "${net}", which is not declared under the top-level networks:`,
        suggestOr(net, ctx.networks, `declare it: add "  ${net}:" under a top-level networks: key`),
      );
    }
    const entry = Array.isArray(declared) ? undefined : declared[net];
    if (entry?.aliases && entry.aliases.length > 0) aliases[net] = [...entry.aliases];
  });
  return Object.keys(aliases).length > 0 ? { networks: [...names], networkAliases: aliases } : { networks: [...names] };
}

function dependencies(raw: RawService['depends_on']): DependencySpec[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return raw.map((service) => ({ service, condition: 'service_started' }));
  return Object.entries(raw).map(([service, dep]) => {
    const spec: DependencySpec = { service, condition: dep.condition ?? 'service_started' };
    if (dep.required !== undefined) spec.required = dep.required;
    if (dep.restart !== undefined) spec.restart = dep.restart;
    return spec;
  });
}

function limits(raw: RawResources, ctx: ServiceContext, path: YamlPath, isLimit: boolean): LimitsSpec {
  const spec: LimitsSpec = {};
  if (raw.memory !== undefined) {
    const memory = raw.memory;
    spec.memoryBytes = parseAt(ctx.src, [...path, 'memory'], () => parseSize(memory));
    if (isLimit && spec.memoryBytes < MIN_MEMORY_LIMIT) {
      throw errorAt(ctx.src, [...path, 'memory'], `memory limit "${String(memory)}" is below the engine's minimum of 6m`, 'use at least 6m');
    }
  }
  if (raw.cpus !== undefined) {
    const cpus = raw.cpus;
    spec.nanoCpus = parseAt(ctx.src, [...path, 'cpus'], () => parseCpus(cpus));
  }
  return spec;
}

function suggestOr(name: string, known: ReadonlySet<string>, fallback: string): string {
  const close = closestMatch(name, known);
  return close ? `did you mean "${close}"? otherwise ${fallback}` : fallback;
}
