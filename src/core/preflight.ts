import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { CheckGateway, DockerGateway, EngineInfo } from '../docker/types.js';
import { IshError } from '../errors.js';
import { checkHostPorts } from './check-host-ports.js';
import type { CheckLevel, CheckResult } from './check-result.js';
import { ensureSecrets } from './ensure-secrets.js';
import { listProjectContainers } from './project-containers.js';
import type { StackContext } from './stack-context.js';

/** The oldest engine the stack runs on (healthcheck and API features it uses). */
export const minEngine = { version: '20.10', api: '1.41' };

/** Thresholds and what missing them means (ISH_MONITOR_RESOURCE_CHECK: warn or fail). */
export interface ResourceLimits {
  minMemoryBytes: number;
  minDiskBytes: number;
  level: Exclude<CheckLevel, 'pass'>;
}

const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;

/** `a.b` >= `c.d`, comparing the leading numbers. */
export function versionAtLeast(actual: string, wanted: string): boolean {
  const a = actual.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const w = wanted.split('.').map(Number);
  for (let i = 0; i < w.length; i++) if ((a[i] ?? 0) !== w[i]) return (a[i] ?? 0) > w[i]!;
  return true;
}

/** The engine answers and is 20.10 (API 1.41) or newer. */
export function checkEngine(info: EngineInfo, endpoint: string): CheckResult {
  const ok = versionAtLeast(info.serverVersion, minEngine.version) && versionAtLeast(info.apiVersion, minEngine.api);
  const detail = `engine ${info.serverVersion} (API ${info.apiVersion}) at ${endpoint}`;
  return ok ? { name: 'docker engine', level: 'pass', detail } : { name: 'docker engine', level: 'fail', detail: `${detail} is older than ${minEngine.version} (API ${minEngine.api})`, fix: `upgrade the Docker engine to ${minEngine.version} or newer` };
}

/** The engine's host has the memory the stack's limits add up to, with room. */
export function checkMemory(info: EngineInfo, limits: ResourceLimits): CheckResult {
  const detail = `${gb(info.memTotalBytes)} of memory on the engine's host`;
  if (info.memTotalBytes >= limits.minMemoryBytes) return { name: 'memory', level: 'pass', detail };
  return { name: 'memory', level: limits.level, detail: `${detail}, less than ${gb(limits.minMemoryBytes)}`, fix: 'add memory, or lower the bar with --min-memory / ISH_MONITOR_MIN_MEMORY if you know the load is small' };
}

/** Free space from `df -Pk` output: the available 1K-blocks of its last line. */
export function parseDfAvailable(output: string): number | undefined {
  const fields = output.trim().split('\n').pop()?.trim().split(/\s+/) ?? [];
  const kb = Number(fields[3]);
  return fields.length >= 6 && Number.isFinite(kb) ? kb * 1024 : undefined;
}

/**
 * Free disk under the engine's data root, measured where the engine runs (so a remote DOCKER_HOST
 * works): a short-lived container of `image` with the data root bind-mounted read-only runs `df`.
 */
export async function checkDisk(checks: CheckGateway, info: EngineInfo, image: string, limits: ResourceLimits): Promise<CheckResult> {
  const r = await checks
    .runOnce({ image, entrypoint: ['/bin/sh', '-c'], cmd: ['df -Pk /data'], binds: [`${info.dataRoot}:/data:ro`], labels: { 'io.ish-monitor.check': 'disk' }, timeoutMs: 30_000 })
    .catch((err: unknown) => ({ exitCode: -1, output: (err as Error).message }));
  const free = r.exitCode === 0 ? parseDfAvailable(r.output) : undefined;
  if (free === undefined) return { name: 'disk', level: 'warn', detail: `could not measure free disk under ${info.dataRoot}: ${r.output.trim().split('\n').pop()}`, fix: `check it by hand: df -h ${info.dataRoot}` };
  const detail = `${gb(free)} free under ${info.dataRoot}`;
  if (free >= limits.minDiskBytes) return { name: 'disk', level: 'pass', detail };
  return { name: 'disk', level: limits.level, detail: `${detail}, less than ${gb(limits.minDiskBytes)}`, fix: 'free space (old images, volumes of removed stacks), or lower the bar with --min-disk / ISH_MONITOR_MIN_DISK' };
}

/** The addresses this host's interfaces have. */
function hostAddresses(): Set<string> {
  return new Set(Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address)));
}

/** Every published port binds to a valid address of this host; beyond loopback is a warning. */
export function checkBindAddress(ctx: StackContext, local: boolean, addresses: Set<string> = hostAddresses()): CheckResult {
  const ips = [...new Set(ctx.services.flatMap((s) => s.ports.filter((p) => p.published !== undefined).map((p) => p.hostIp ?? '0.0.0.0')))];
  const fix = 'set ISH_MONITOR_BIND_ADDRESS in compose/.env to 127.0.0.1 (this host only), 0.0.0.0 (every interface) or an address this host has';
  const bad = ips.find((ip) => isIP(ip) === 0);
  if (bad !== undefined) return { name: 'bind address', level: 'fail', detail: `bind address "${bad}" is not an IP address`, fix };
  const foreign = local ? ips.find((ip) => !['0.0.0.0', '::'].includes(ip) && !addresses.has(ip)) : undefined;
  if (foreign) return { name: 'bind address', level: 'fail', detail: `bind address ${foreign} is not an address of this host`, fix };
  const open = ips.filter((ip) => !/^(127\.|::1$)/.test(ip));
  if (open.length > 0) return { name: 'bind address', level: 'warn', detail: `ports published on ${open.join(', ')}: reachable beyond this host`, fix: 'keep ISH_MONITOR_BIND_ADDRESS=127.0.0.1 unless other hosts must reach the stack (then protect it)' };
  return { name: 'bind address', level: 'pass', detail: `ports published on ${ips.join(', ') || 'no address'} only` };
}

/** Every host port the stack publishes is free, or held by the stack's own running containers. */
export async function checkPorts(ctx: StackContext, gateway: DockerGateway, local: boolean): Promise<CheckResult> {
  if (!local) return { name: 'host ports', level: 'warn', detail: `not checked: the engine (${gateway.endpoint}) is on another host`, fix: 'check the ports on the engine\'s host' };
  const containers = await listProjectContainers(gateway, ctx.project);
  const held = new Set(containers.filter((c) => c.state === 'running').flatMap((c) => c.ports.map((p) => p.hostPort)));
  try {
    await checkHostPorts(ctx.services, held);
  } catch (err) {
    if (!(err instanceof IshError)) throw err;
    return { name: 'host ports', level: 'fail', detail: err.message, ...(err.hint ? { fix: err.hint } : {}) };
  }
  return { name: 'host ports', level: 'pass', detail: `${ctx.services.flatMap((s) => s.ports).length} published port(s) free or held by this stack` };
}

/** The secret files the services mount exist, are filled and are readable by their owner only (0600). */
export async function checkSecrets(ctx: StackContext): Promise<CheckResult> {
  let secrets;
  try {
    secrets = await ensureSecrets(ctx.stack.workingDir, ctx.services, true);
  } catch (err) {
    if (!(err instanceof IshError)) throw err;
    return { name: 'secret files', level: 'fail', detail: err.message, ...(err.hint ? { fix: err.hint } : {}) };
  }
  const open = secrets.filter((s) => s.tooOpen);
  if (open.length > 0) return { name: 'secret files', level: 'fail', detail: `${open.map((s) => s.path).join(', ')} readable by group or others`, fix: `chmod 600 ${open.map((s) => s.path).join(' ')}` };
  const missing = secrets.filter((s) => s.generated);
  if (missing.length > 0) return { name: 'secret files', level: 'warn', detail: `${missing.map((s) => s.path).join(', ')} missing`, fix: 'run `ish-monitor deploy`: it creates them (0600)' };
  const empty = secrets.filter((s) => s.empty);
  if (empty.length > 0) return { name: 'secret files', level: 'warn', detail: `${empty.map((s) => s.path).join(', ')} empty`, fix: 'fill them to enable what they are for (SMTP, Slack, exporters)' };
  return { name: 'secret files', level: 'pass', detail: `${secrets.length} secret file(s) present, mode 0600` };
}
