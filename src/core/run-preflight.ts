import type { CheckGateway, DockerGateway } from '../docker/types.js';
import { ConfigError, EngineError } from '../errors.js';
import { formatFinding, type CheckResult } from './check-result.js';
import { checkBindAddress, checkDisk, checkEngine, checkMemory, checkPorts, checkSecrets, type ResourceLimits } from './preflight.js';
import type { StackContext } from './stack-context.js';
import { validateConfig, type ValidateDeps } from './validate-config.js';

/** What preflight needs: the engine's two doors, resource limits and how validation runs. */
export interface PreflightDeps {
  gateway: DockerGateway;
  checks: CheckGateway;
  limits: ResourceLimits;
  validation: Omit<ValidateDeps, 'engine'>;
}

/**
 * The preflight checks. `doctor` runs all of them; `deploy` only the quick ones that can refuse it
 * (engine, memory, bind address, configuration): it checks host ports itself, warns about secrets
 * itself, and skips the disk check, which needs a container.
 */
export async function runPreflight(ctx: StackContext, deps: PreflightDeps, scope: 'deploy' | 'doctor'): Promise<CheckResult[]> {
  const local = deps.gateway.endpoint.startsWith('unix://');
  // Validation reads files and asks the engine about images: started first, it overlaps the engine-info call.
  const validation = validateConfig(ctx, { ...deps.validation, engine: { gateway: deps.gateway, checks: deps.checks } });
  validation.catch(() => undefined);
  const info = await deps.checks.engineInfo();
  const engine = checkEngine(info, deps.gateway.endpoint);
  const config = async (): Promise<CheckResult> => {
    const r = await validation;
    const failed = r.checks.filter((c) => c.level !== 'pass');
    const first = failed.find((c) => c.level === 'fail') ?? failed[0];
    if (!first) return { name: 'configuration', level: 'pass', detail: `${r.checks.length} checks pass (ish-monitor validate)` };
    const where = first.findings?.[0] ? formatFinding(first.findings[0]) : first.detail;
    const findings = failed.flatMap((c) => c.findings ?? []);
    return { name: 'configuration', level: first.level, detail: `${first.name}: ${where}`, fix: first.fix ?? 'run `ish-monitor validate` for every problem', ...(findings.length > 0 ? { findings } : {}) };
  };
  const quick = [engine, checkMemory(info, deps.limits), checkBindAddress(ctx, local)];
  if (scope === 'deploy') return [...quick, await config()];
  // Any image with a shell and df will do: Prometheus' (busybox-based upstream and local) is always there.
  const image = (ctx.services.find((s) => s.name === 'prometheus') ?? ctx.services[0])?.image;
  const disk = image ? checkDisk(deps.checks, info, image, deps.limits) : undefined;
  return [...quick, ...(await Promise.all([...(disk ? [disk] : []), checkPorts(ctx, deps.gateway, local), checkSecrets(ctx), config()]))];
}

/** Deploy's refusal: the first failed check as an error naming the file and line (configuration) or the host problem. */
export function refuseOnFailure(checks: CheckResult[]): string[] {
  const failed = checks.find((c) => c.level === 'fail');
  if (failed) {
    const hint = `${failed.fix ?? ''}${failed.name === 'configuration' ? ' (`ish-monitor validate` lists every problem)' : ''}`.trim();
    const message = `preflight: ${failed.detail}`;
    if (['docker engine', 'memory'].includes(failed.name)) throw new EngineError(message, hint);
    throw new ConfigError(message, hint);
  }
  return checks.filter((c) => c.level === 'warn').map((c) => `${c.name}: ${c.detail}`);
}
