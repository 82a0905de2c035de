import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.js';
import { closestMatch } from './closest-match.js';
import { quickCheck } from './quick-check.js';
import type { RawCompose } from './raw-compose.js';
import { UNSUPPORTED_ALTERNATIVES, UNSUPPORTED_KEYS, composeSchema } from './schema.js';
import { describeKey, formatPath, locate, type PathSegment, type YamlPath, type YamlSource } from './yaml-source.js';

let compiled: ValidateFunction | undefined;

/**
 * Checks an interpolated compose document against the supported subset. The first problem becomes a
 * ConfigError naming file:line and the key path, e.g.
 * `compose.yml:12: unknown key "imagee" in service "prometheus"` with the hint `did you mean "image"?`.
 */
export async function validateCompose(value: unknown, src: YamlSource): Promise<RawCompose> {
  if (value === null || value === undefined) {
    throw new ConfigError(`${src.file}: the compose file is empty`, 'declare at least a services: section');
  }
  if (quickCheck?.(value)) return value as RawCompose;
  // ajv itself is loaded only here: in the bundle a valid file never needs it. Its CommonJS
  // module.exports is the Ajv class carrying itself as `.Ajv`; a bundled dynamic import exposes only
  // `default`, so the class is taken from there in both worlds.
  const { Ajv } = (await import('ajv')).default as unknown as { Ajv: typeof import('ajv').Ajv };
  // verbose: keeps parentSchema on each error, where the human-readable descriptions live.
  // allErrors: ajv checks `required` before unknown keys, so `imagee:` would otherwise be reported as
  // "missing image" instead of the typo; with every error at hand, pickError chooses the telling one.
  compiled ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strictTypes: false }).compile(composeSchema);
  if (compiled(value)) return value as RawCompose;
  throw toConfigError(pickError(compiled.errors ?? [], value, src), value, src);
}

/**
 * Chooses the one error to report: the first in the file, after dropping noise. An `anyOf` fails
 * with one error per branch; the "not a string"/"not a list" ones at the anyOf's own path are noise
 * when a deeper error (from the branch whose shape matched) says precisely what is wrong; without
 * one, the anyOf itself stands, and its description lists the accepted shapes. A missing required
 * key next to an unknown one is most likely the same typo, so the unknown key is reported.
 */
function pickError(errors: ErrorObject[], root: unknown, src: YamlSource): ErrorObject {
  const isCombinator = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';
  const combinatorPaths = new Set(errors.filter(isCombinator).map((e) => e.instancePath));
  const unknownKeyPaths = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath));
  const specific = errors.filter(
    (e) =>
      !isCombinator(e) &&
      !(e.keyword === 'type' && combinatorPaths.has(e.instancePath)) &&
      !(e.keyword === 'required' && unknownKeyPaths.has(e.instancePath)),
  );
  // A combinator whose path has a more specific error below it adds nothing.
  const unexplained = errors.filter(
    (e) => isCombinator(e) && !specific.some((s) => s.instancePath.startsWith(`${e.instancePath}/`) || s.instancePath === e.instancePath),
  );
  const pool = [...specific, ...unexplained];
  const candidates = pool.length > 0 ? pool : errors;
  const lineOf = (e: ErrorObject): number => {
    const path = pointerToPath(e.instancePath, root);
    const key = e.keyword === 'additionalProperties' ? [String(e.params.additionalProperty)] : [];
    return src.lineOf([...path, ...key]);
  };
  const depth = (e: ErrorObject): number => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  // Earliest line first; on the same line, the deeper (more precise) error.
  return candidates.reduce((best, e) => {
    const [l, b] = [lineOf(e), lineOf(best)];
    return l < b || (l === b && depth(e) > depth(best)) ? e : best;
  }, candidates[0]!);
}

function toConfigError(e: ErrorObject, root: unknown, src: YamlSource): ConfigError {
  const path = pointerToPath(e.instancePath, root);
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  const got = describeValue(e.data);
  const propertyName = (e as { propertyName?: string }).propertyName ?? (e.params as { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return new ConfigError(
      `${locate(src, [...path, propertyName])}: invalid service name "${propertyName}"`,
      'service names use letters, digits, _ . - and start with a letter or digit',
    );
  }
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownKey(path, String(e.params.additionalProperty), e.parentSchema, src);
    case 'required': {
      const missing = String(e.params.missingProperty);
      if (path.length === 0 && missing === 'services') {
        return new ConfigError(`${src.file}:${src.lineOf([])}: no services: section`, 'declare the stack under a top-level services: key');
      }
      return new ConfigError(`${locate(src, path)}: ${owner(path)} is missing required key "${missing}"`, `add ${missing}: to it`);
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).join(', ');
      return new ConfigError(`${locate(src, path)}: ${describeKey(path)} must be one of ${allowed}, got ${got}`);
    }
    case 'minimum':
      return new ConfigError(`${locate(src, path)}: ${describeKey(path)} must be at least ${String(e.params.limit)}, got ${got}`);
    case 'minItems':
      return new ConfigError(`${locate(src, path)}: ${describeKey(path)} must not be empty`);
    default: {
      if (path.length === 0) {
        return new ConfigError(`${src.file}:1: the compose file must be a mapping with a services: key, got ${got}`);
      }
      const expected = description ?? typePhrase(e.params.type);
      return new ConfigError(`${locate(src, path)}: ${describeKey(path)} must be ${expected}, got ${got}`, hintFor(path));
    }
  }
}

function unknownKey(path: YamlPath, key: string, parentSchema: unknown, src: YamlSource): ConfigError {
  const where = locate(src, [...path, key]);
  const supported = Object.keys((parentSchema as { properties?: Record<string, unknown> }).properties ?? {});
  const context = path.length === 0 ? 'at top level' : `in ${owner(path)}`;
  const kind = path.length === 0 ? 'top' : path.length === 2 ? (path[0] === 'services' ? 'service' : 'resource') : undefined;
  if (kind && UNSUPPORTED_KEYS[kind].includes(key)) {
    const instead =
      UNSUPPORTED_ALTERNATIVES[key] ??
      (kind === 'resource' ? 'ish-monitor creates and owns the stack networks and volumes; remove it' : `remove it; supported keys: ${supported.join(', ')}`);
    return new ConfigError(`${where}: key "${key}" ${context} is valid Compose but not supported by ish-monitor`, instead);
  }
  const close = closestMatch(key, supported);
  const hint = close ? `did you mean "${close}"?` : `supported keys here: ${supported.join(', ')}, or x-* for extensions`;
  return new ConfigError(`${where}: unknown key "${key}" ${context}`, hint);
}

/** Names the mapping that holds a key: `service "web"`, `healthcheck of service "web"`, `network "net"`. */
function owner(path: YamlPath): string {
  const [top, name, ...rest] = path;
  const kind = top === 'services' ? 'service' : top === 'networks' ? 'network' : top === 'volumes' ? 'volume' : undefined;
  if (kind && typeof name === 'string') return rest.length === 0 ? `${kind} "${name}"` : `${formatPath(rest)} of ${kind} "${name}"`;
  return path.length === 0 ? 'the top level' : `"${formatPath(path)}"`;
}

function hintFor(path: YamlPath): string | undefined {
  const key = path[path.length - 1];
  if (typeof key === 'string' && ['interval', 'timeout', 'start_period', 'start_interval'].includes(key)) return 'durations need a unit, e.g. 10s, 500ms or 1m30s';
  return undefined;
}

function typePhrase(type: unknown): string {
  const phrases: Record<string, string> = {
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
    null: 'empty',
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => phrases[String(t)] ?? String(t)).join(' or ');
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Decodes an ajv JSON pointer, using the data to tell list indexes from numeric-looking keys. */
function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(seg));
      node = node[Number(seg)];
    } else {
      path.push(seg);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}
