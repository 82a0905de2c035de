import { parseSize } from '../compose/parse-size.js';
import type { ResourceLimits } from '../core/preflight.js';
import type { StackContext } from '../core/stack-context.js';
import type { DockerGateway } from '../docker/types.js';
import { UsageError } from '../errors.js';
import { engineOf } from './validate-command.js';

/** Flags of the resource checks; each falls back to its environment variable, then the default. */
export interface ResourceFlags {
  minMemory?: string;
  minDisk?: string;
  resources?: string;
}

/** The resource limits from flags, ISH_MONITOR_MIN_MEMORY / _MIN_DISK / _RESOURCE_CHECK, else 4g, 5g, warn. */
export function resourceLimits(flags: ResourceFlags, env: Record<string, string | undefined>): ResourceLimits {
  const size = (name: string, value: string) => {
    try {
      return parseSize(value);
    } catch {
      throw new UsageError(`${name} must be a size like 4g or 512m, got "${value}"`, `e.g. ${name} 2g`);
    }
  };
  const level = flags.resources ?? env.ISH_MONITOR_RESOURCE_CHECK ?? 'warn';
  if (level !== 'warn' && level !== 'fail') throw new UsageError(`--resources / ISH_MONITOR_RESOURCE_CHECK must be warn or fail, got "${level}"`);
  return {
    minMemoryBytes: size('--min-memory', flags.minMemory ?? env.ISH_MONITOR_MIN_MEMORY ?? '4g'),
    minDiskBytes: size('--min-disk', flags.minDisk ?? env.ISH_MONITOR_MIN_DISK ?? '5g'),
    level,
  };
}

/** Deploy's preflight: the quick checks and validation (cached); a failure refuses the deploy before anything changes. */
export function deployPreflight(gateway: DockerGateway): (ctx: StackContext) => Promise<string[]> {
  return async (ctx) => {
    const [{ runPreflight, refuseOnFailure }, { validationCache }, { cacheDir }, engine] = await Promise.all([
      import('../core/run-preflight.js'),
      import('../core/validation-cache.js'),
      import('../compose/stack-cache.js'),
      engineOf(gateway),
    ]);
    const validation = { cache: validationCache(cacheDir(process.env)), tools: 'auto' as const, unrunnable: 'warn' as const };
    return refuseOnFailure(await runPreflight(ctx, { ...engine, limits: resourceLimits({}, process.env), validation }, 'deploy'));
  };
}
