import { createHash } from 'node:crypto';
import { configHash } from '../compose/config-hash.js';
import type { DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import { applyPlan } from './apply-plan.js';
import { checkHostPorts } from './check-host-ports.js';
import { ensureSecrets, type SecretFile } from './ensure-secrets.js';
import { ensureWebAccess, type WebAccessReport } from './ensure-web-access.js';
import { mountDigest } from './mount-digest.js';
import { isNoop, planDeploy, type DesiredService, type ServiceActionKind } from './plan-deploy.js';
import type { ProgressSink } from './progress.js';
import { resolveImages, type PullPolicy } from './resolve-images.js';
import { stackEndpoints, type Endpoint } from './stack-endpoints.js';
import { listProjectContainers } from './project-containers.js';
import { withDeployedProfiles, type StackContext } from './stack-context.js';
import { waitForStack } from './wait-for-stack.js';
import { checkAdminApi } from './web-access-settings.js';

/** What `deploy` takes. */
export interface DeployOptions {
  dryRun: boolean;
  pull: PullPolicy;
  forceRecreate: boolean;
  waitTimeoutMs: number;
  /** Skip the readiness wait (`--no-wait`). */
  wait: boolean;
  /** Checks run once images are there and before anything changes (validate, preflight): throw to refuse; returns warnings. */
  preflight?: (ctx: StackContext) => Promise<string[]>;
}

/** What `deploy` did (or, with dryRun, would do). Contains no secret values. */
export interface DeployResult {
  project: string;
  /** Enabled profiles: those asked for plus those whose services are already deployed. */
  profiles: string[];
  dryRun: boolean;
  /** True when anything was (or would be) created, recreated, started or removed. */
  changed: boolean;
  networksCreated: string[];
  volumesCreated: string[];
  imagesPulled: string[];
  services: { service: string; action: ServiceActionKind; reason: string; containerId?: string }[];
  orphansRemoved: string[];
  secrets: { path: string; service: string; generated: boolean; empty: boolean }[];
  endpoints: Endpoint[];
  /** Access control of Prometheus and AlertManager (their web config), when the stack uses it. */
  access?: WebAccessReport;
  warnings: string[];
}

/**
 * The hash a container is labelled with: the compose-level configuration, plus the content of the
 * files it mounts from the stack's tree, so an edited prometheus.yml recreates Prometheus.
 */
export function serviceHash(config: string, mounted: string | undefined): string {
  return mounted === undefined ? config : createHash('sha256').update(`${config}\0${mounted}`).digest('hex');
}

/** Converges the engine to the compose file: creates, recreates and starts only what differs, then waits until ready. */
export async function deployStack(requested: StackContext, gateway: DockerGateway, progress: ProgressSink, opts: DeployOptions): Promise<DeployResult> {
  const warnings = [...(requested.stack.warnings ?? [])];
  const localEngine = gateway.endpoint.startsWith('unix://');
  await gateway.ping();
  const containers = await listProjectContainers(gateway, requested.project);
  const ctx = withDeployedProfiles(requested, containers.map((c) => c.labels[ComposeLabel.service] ?? ''));
  const images = await resolveImages(gateway, ctx.services, { policy: opts.pull, dryRun: opts.dryRun, progress });
  if (opts.preflight) warnings.push(...(await opts.preflight(ctx)));
  // Host paths only mean something when the engine runs here. Missing secrets are created now, before
  // the mounted files are hashed, so the next deploy sees the same digest.
  checkAdminApi(ctx.services);
  const access = localEngine ? await ensureWebAccess(ctx.stack.workingDir, ctx.services, opts.dryRun) : undefined;
  const secrets: SecretFile[] = localEngine ? await ensureSecrets(ctx.stack.workingDir, ctx.services, opts.dryRun) : [];
  const desired: DesiredService[] = await Promise.all(
    ctx.services.map(async (spec) => ({
      spec,
      hash: serviceHash(configHash(spec), await mountDigest(spec, ctx.stack.workingDir)),
      imageId: images.ids.get(spec.image) ?? '',
    })),
  );
  const [networks, volumes] = await Promise.all([
    gateway.listNetworks({ [ComposeLabel.project]: ctx.project }),
    gateway.listVolumes({ [ComposeLabel.project]: ctx.project }),
  ]);
  const plan = planDeploy({
    desired,
    declaredServices: ctx.stack.services.map((s) => s.name),
    networks: Object.values(ctx.networkNames),
    volumes: Object.values(ctx.volumeNames),
    actualContainers: containers,
    actualNetworks: networks,
    actualVolumes: volumes,
    forceRecreate: opts.forceRecreate,
  });

  const result = (ids?: Map<string, string>): DeployResult => ({
    project: ctx.project,
    profiles: ctx.profiles,
    dryRun: opts.dryRun,
    changed: !isNoop(plan) || secrets.some((s) => s.generated) || (access?.generated.length ?? 0) > 0,
    networksCreated: plan.networksToCreate,
    volumesCreated: plan.volumesToCreate,
    imagesPulled: images.pulled,
    services: plan.services.map((s) => {
      const id = ids?.get(s.service) ?? s.container?.id;
      return { service: s.service, action: s.action, reason: s.reason, ...(id ? { containerId: id } : {}) };
    }),
    orphansRemoved: plan.orphans.map((o) => o.name),
    secrets: secrets.map(({ path, service, generated, empty }) => ({ path, service, generated, empty })),
    endpoints: stackEndpoints(ctx.services, gateway.publishHost),
    ...(access ? { access } : {}),
    warnings,
  });
  if (opts.dryRun) return result();

  for (const s of secrets) {
    if (s.tooOpen) warnings.push(`secret file ${s.path} is readable by group or others: chmod 600 it`);
    if (s.empty) warnings.push(`secret file ${s.path} (${s.service}) is empty: fill it to enable what it is for`);
  }
  const starting = plan.services.filter((s) => s.action !== 'keep').map((s) => ctx.services.find((x) => x.name === s.service)!);
  if (localEngine && starting.length > 0) {
    const held = new Set(containers.filter((c) => c.state === 'running').flatMap((c) => c.ports.map((p) => p.hostPort)));
    await checkHostPorts(starting, held);
  }

  const deadline = Date.now() + opts.waitTimeoutMs;
  const applied = await applyPlan(ctx, plan, desired, { gateway, progress, deadline, stopTimeoutSeconds: 10 });
  if (opts.wait) await waitForStack(gateway, applied, { timeoutMs: Math.max(1_000, deadline - Date.now()), progress });
  return result(applied);
}
