import type { CheckGateway, DockerGateway } from '../docker/types.js';
import { EngineError } from '../errors.js';
import { mountedTrees } from './config-tree.js';
import { worstLevel, type CheckResult } from './check-result.js';
import { findOnPath, runToolCheck, type ToolRunner } from './run-tool-check.js';
import type { StackContext } from './stack-context.js';
import { toolChecks, type ToolCheck } from './tool-checks.js';
import { validationKey, type ValidationCache } from './validation-cache.js';

/** Where the tools may run: `image` only in the services' images, `host` only from PATH, `auto` image first. */
export type ToolSource = 'auto' | 'image' | 'host';

/** What validation needs: the engine when it answers (undefined: host tools only), the cache, the tool source. */
export interface ValidateDeps {
  engine?: { gateway: Pick<DockerGateway, 'inspectImage'>; checks: CheckGateway };
  cache: ValidationCache;
  tools: ToolSource;
  /** What a tool check that cannot run anywhere is: `fail` for validate, `warn` for deploy (it may run once images are pulled). */
  unrunnable: 'fail' | 'warn';
}

/** Every check and whether the configuration as a whole is valid. */
export interface ValidationResult {
  ok: boolean;
  checks: CheckResult[];
}

/** The host program for the check, unless only images may be used. */
async function hostRunner(check: ToolCheck, deps: ValidateDeps): Promise<ToolRunner | undefined> {
  const program = deps.tools === 'image' ? undefined : await findOnPath(check.hostPrograms);
  return program ? { kind: 'host', program } : undefined;
}

function unrunnable(check: ToolCheck, deps: ValidateDeps, why: string): CheckResult {
  const host = deps.tools === 'image' ? '' : ` and no ${check.hostPrograms.join(' or ')} is on PATH`;
  return { name: check.name, level: deps.unrunnable, detail: `cannot run ${check.name}: ${why}${host}`, fix: `deploy once with --no-wait so the image is pulled, or install ${check.hostPrograms[0]} on this host` };
}

async function runWith(check: ToolCheck, deps: ValidateDeps, runner: ToolRunner): Promise<CheckResult> {
  const key = validationKey([check.name, check.args, check.workDir, runner.kind === 'image' ? runner.imageId : runner.program], check.files);
  const [r] = await cachedChecks(deps.cache, key, async () => [await runToolCheck(check, runner)]);
  return r!;
}

/** In the service's image when the engine has it, else from PATH; an image without the tool (the engine refuses to start it) falls back to PATH too. */
async function runCached(check: ToolCheck, deps: ValidateDeps): Promise<CheckResult> {
  const image = deps.engine && deps.tools !== 'host' ? await deps.engine.gateway.inspectImage(check.image) : undefined;
  if (deps.engine && image) {
    try {
      return await runWith(check, deps, { kind: 'image', engine: deps.engine.checks, imageId: image.id });
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      const host = await hostRunner(check, deps);
      return host ? runWith(check, deps, host) : unrunnable(check, deps, `in image ${check.image}: ${err.message}`);
    }
  }
  const host = await hostRunner(check, deps);
  if (host) return runWith(check, deps, host);
  return unrunnable(check, deps, deps.engine ? `image ${check.image} is not on the engine` : 'the Docker engine does not answer');
}

/** The results of `run`, or the same passing results from the cache when `key` was seen before. */
async function cachedChecks(cache: ValidationCache, key: string, run: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  const hit = await cache.get(key);
  if (hit) return hit;
  const results = await run();
  if (worstLevel(results) === 'pass') await cache.put(key, results);
  return results;
}

/**
 * Validates the configuration of the selected services without touching the running stack: the
 * compose file (already loaded into `ctx`), YAML syntax, Grafana dashboards and provisioning, and
 * the real tools (promtool, amtool, blackbox_exporter) on the files each service mounts.
 */
export async function validateConfig(ctx: StackContext, deps: ValidateDeps): Promise<ValidationResult> {
  const byName = new Map(ctx.services.map((s) => [s.name, s]));
  const grafana = byName.get('grafana');
  const [dashboards] = grafana ? await mountedTrees(grafana, ['/var/lib/grafana/dashboards']) : [];
  const [provisioning] = grafana ? await mountedTrees(grafana, ['/etc/grafana/provisioning']) : [];
  const mounted = { prometheus: '/etc/prometheus', alertmanager: '/etc/alertmanager', 'blackbox-exporter': '/etc/blackbox' };
  const served = await Promise.all(Object.entries(mounted).map(([name, target]) => (byName.has(name) ? mountedTrees(byName.get(name)!, [target]) : [])));
  const trees = [...served.flat(), ...(provisioning ? [provisioning] : [])];
  // Loaded only on a cache miss: the YAML parser is the biggest module a deploy would load.
  const fileChecks = async () => {
    const { checkDashboards, checkProvisioning, checkYamlSyntax } = await import('./check-config-files.js');
    return [
      checkYamlSyntax(trees),
      ...(dashboards ? [checkDashboards(dashboards)] : []),
      ...(grafana && provisioning ? [checkProvisioning(provisioning, grafana)] : []),
    ];
  };
  // Parsing every YAML file costs more than the rest of a deploy with nothing changed: cached too.
  const read = [...trees, ...(dashboards ? [dashboards] : [])].flatMap((t) => [...t.files].map(([rel, c]) => [`${t.dir}/${rel}`, c] as const));
  const key = validationKey(['files', grafana?.volumes ?? []], new Map(read));
  const files = await cachedChecks(deps.cache, key, fileChecks);
  const checks: CheckResult[] = [{ name: 'compose file', level: 'pass', detail: `${ctx.services.length} service(s) selected, interpolation and schema valid`, via: 'ish-monitor' }, ...files];
  const tools = await toolChecks(ctx.services);
  checks.push(...(await Promise.all(tools.map((t) => runCached(t, deps)))));
  return { ok: worstLevel(checks) !== 'fail', checks };
}
