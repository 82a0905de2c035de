import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ServiceSpec } from '../compose/types.js';
import type { SwarmFileRef, SwarmGateway, SwarmService } from '../docker/swarm-types.js';
import type { DockerGateway } from '../docker/types.js';
import { ExitCode, IshError } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { IshLabel } from '../labels.js';
import { peerTargets } from '../swarm/peer-wiring.js';
import { buildSwarmServices } from '../swarm/service-specs.js';
import { collectStackFiles } from '../swarm/swarm-files.js';
import { swarmFilter, SwarmLabel } from '../swarm/swarm-labels.js';
import { peerCount, pinPeers, swarmServiceName } from '../swarm/swarm-layout.js';
import { planSwarm, referencedObjects, type SwarmServiceAction } from '../swarm/swarm-plan.js';
import { startedBody, stoppedAs } from '../swarm/stopped-spec.js';
import { ensureSecrets } from './ensure-secrets.js';
import { ensureWebAccess, webDir, type WebAccessReport } from './ensure-web-access.js';
import { listProjectContainers } from './project-containers.js';
import { requireManager } from './require-manager.js';
import type { ProgressSink } from './progress.js';
import { withDeployedProfiles, type StackContext } from './stack-context.js';
import { waitForSwarmCluster } from './swarm-cluster.js';
import { waitForSwarm } from './wait-for-swarm.js';
import { checkAdminApi } from './web-access-settings.js';

/** What `deploy --swarm` takes. */
export interface SwarmDeployOptions {
  dryRun: boolean;
  wait: boolean;
  waitTimeoutMs: number;
  /** Peer N > 1 of an HA service publishes on the compose port + (N-1) * portStep. */
  portStep: number;
  clock: Clock;
}

/** What `deploy --swarm` did (or would do). Contains no secret values. */
export interface SwarmDeployResult {
  project: string;
  target: 'swarm';
  dryRun: boolean;
  changed: boolean;
  networkCreated?: string;
  configsCreated: string[];
  secretsCreated: string[];
  services: { name: string; service: string; action: SwarmServiceAction['action']; reason: string }[];
  /** Services of compose services no longer in the compose file (plain deploy's orphans). */
  orphansRemoved: string[];
  /** Configs and secrets of earlier versions that no service (nor its rollback spec) uses any more. */
  pruned: string[];
  endpoints: { service: string; url: string }[];
  access?: WebAccessReport;
  warnings: string[];
}

/** Swarm publishes on every interface of the node, whatever bind address the compose file gives. */
function publishedEverywhere(services: ServiceSpec[]): ServiceSpec[] {
  return services.map((s) => ({ ...s, ports: s.ports.map(({ hostIp: _ignored, ...p }) => ({ ...p, hostIp: '0.0.0.0' })) }));
}

/** The service-discovery files through which Prometheus finds every Prometheus and AlertManager peer. */
function peerDiscovery(ctx: StackContext, https: boolean): Map<string, string> {
  const dir = webDir(ctx.stack.workingDir);
  const sd = (name: string, port: number) => {
    const s = ctx.services.find((x) => x.name === name);
    return s ? [[join(dir, `sd-${name}.yml`), stringify([{ targets: peerTargets(s, port), labels: { __scheme__: https ? 'https' : 'http' } }])] as const] : [];
  };
  return new Map([...sd('prometheus', 9090), ...sd('alertmanager', 9093)]);
}

const pinOf = (s: SwarmService) => /^node\.id == (\S+)$/.exec(s.spec.TaskTemplate.Placement?.Constraints?.[0] ?? '')?.[1];

/**
 * Deploys the stack as Swarm services (see service-specs.ts for their shape): files become versioned
 * configs and secrets, a service is created when missing, updated (Swarm rolls it, rolling back on
 * failure) when its spec or a file it mounts changed, and left alone otherwise; then waits until every
 * service runs its desired tasks and answers its probe.
 */
export async function deploySwarm(asked: StackContext, gateway: DockerGateway, swarm: SwarmGateway, progress: ProgressSink, opts: SwarmDeployOptions): Promise<SwarmDeployResult> {
  await requireManager(swarm, gateway.endpoint);
  const project = asked.project;
  if ((await listProjectContainers(gateway, project)).length > 0) {
    throw new IshError(`project ${project} runs as plain containers on this engine: a swarm deploy would fight them for ports and volumes`, ExitCode.swarm, `remove them first (\`ish-monitor -p ${project} cleanup\`), or deploy the swarm under another project name (-p)`);
  }
  const actual = await swarm.listServices(swarmFilter(project));
  const composeOf = (s: SwarmService) => s.labels[SwarmLabel.service] ?? '';
  // As plain deploy: the profiles of deployed services stay enabled without --profile.
  const ctx = withDeployedProfiles(asked, actual.map(composeOf));
  const declared = new Set(ctx.stack.services.map((s) => s.name));
  // As plain deploy's orphans: services whose compose service is gone from the compose file.
  const orphans = actual.filter((s) => !declared.has(composeOf(s)));
  const warnings = [...(ctx.stack.warnings ?? [])];
  const services = publishedEverywhere(ctx.services);
  checkAdminApi(services);
  const access = await ensureWebAccess(ctx.stack.workingDir, services, opts.dryRun);
  await ensureSecrets(ctx.stack.workingDir, services, opts.dryRun);
  const files = await collectStackFiles(project, ctx.stack.workingDir, services, peerDiscovery(ctx, access?.tls ?? false));
  warnings.push(...files.warnings);

  const labels = { [SwarmLabel.namespace]: project, [IshLabel.managed]: 'true' };
  const [nodes, configs, secrets, networks] = await Promise.all([
    swarm.listNodes(),
    swarm.listConfigs(swarmFilter(project)),
    swarm.listSecrets(swarmFilter(project)),
    gateway.listNetworks(swarmFilter(project)),
  ]);
  const current = new Map(actual.flatMap((s) => (pinOf(s) ? [[s.name, pinOf(s)!] as const] : [])));
  const pins = new Map(services.flatMap((s) => [...pinPeers(Array.from({ length: peerCount(s) }, (_, i) => swarmServiceName(project, s, i + 1)), nodes, current)]));
  const desired = buildSwarmServices({ project, workingDir: ctx.stack.workingDir, services, networkNames: ctx.networkNames, files: files.services, pins, portStep: opts.portStep });
  const networkNames = [...new Set(Object.values(ctx.networkNames))];
  const plan = planSwarm({ desired, files: files.objects, actual, existingObjects: [...configs, ...secrets], networkExists: networkNames.every((n) => networks.some((x) => x.name === n)) });
  const changing = plan.services.filter((s) => s.action !== 'keep');
  const result: SwarmDeployResult = {
    project,
    target: 'swarm',
    dryRun: opts.dryRun,
    changed: changing.length > 0 || plan.objectsToCreate.length > 0 || plan.createNetwork || orphans.length > 0,
    ...(plan.createNetwork ? { networkCreated: networkNames.join(', ') } : {}),
    configsCreated: plan.objectsToCreate.filter((o) => o.kind === 'config').map((o) => o.name),
    secretsCreated: plan.objectsToCreate.filter((o) => o.kind === 'secret').map((o) => o.name),
    services: plan.services.map(({ name, service, action, reason }) => ({ name, service, action, reason })),
    orphansRemoved: orphans.map((s) => s.name).sort(),
    pruned: [],
    endpoints: desired.flatMap((d) => {
      const probePort = Number(d.body.Labels[IshLabel.probePort]);
      const p = d.body.EndpointSpec.Ports.find((x) => x.TargetPort === probePort);
      return p ? [{ service: d.body.Name, url: `${d.body.Labels[IshLabel.webTlsCert] ? 'https' : 'http'}://${gateway.publishHost}:${p.PublishedPort}` }] : [];
    }),
    ...(access ? { access } : {}),
    warnings,
  };
  if (opts.dryRun) return result;

  for (const n of plan.createNetwork ? networkNames.filter((n) => !networks.some((x) => x.name === n)) : []) await swarm.createOverlayNetwork(n, labels);
  const ids = new Map([...configs, ...secrets].map((o) => [o.name, o.id]));
  for (const f of plan.objectsToCreate) ids.set(f.name, await (f.kind === 'config' ? swarm.createConfig : swarm.createSecret)({ Name: f.name, Labels: labels, Data: f.data }));
  const withIds = (refs: SwarmFileRef[]) => refs.map((r) => (r.ConfigName ? { ...r, ConfigID: ids.get(r.ConfigName)! } : { ...r, SecretID: ids.get(r.SecretName!)! }));
  for (const s of changing) {
    const spec = s.desired.body.TaskTemplate.ContainerSpec;
    const withFiles = { ...s.desired.body, TaskTemplate: { ...s.desired.body.TaskTemplate, ContainerSpec: { ...spec, Configs: withIds(spec.Configs), Secrets: withIds(spec.Secrets) } } };
    const body = s.action === 'start' ? startedBody(withFiles, stoppedAs(s.current!)!) : withFiles;
    progress.info(`${s.name}: ${{ create: 'creating', update: 'rolling update', start: 'starting', keep: '' }[s.action]} (${s.reason})`);
    if (s.action === 'create') await swarm.createService(body);
    else await swarm.updateService(s.current!.id, s.current!.version, body);
  }
  for (const o of orphans) {
    await swarm.removeService(o.id);
    progress.info(`removed orphan service ${o.name} (service ${composeOf(o)} is no longer in the compose file)`);
  }
  if (opts.wait) {
    const deadline = opts.clock.now() + opts.waitTimeoutMs;
    await waitForSwarm(swarm, gateway, project, new Map(desired.map((d) => [d.body.Name, d.hash])), { timeoutMs: opts.waitTimeoutMs, progress, clock: opts.clock });
    await waitForSwarmCluster(swarm, gateway.publishHost, project, { deadline, progress, clock: opts.clock });
  }
  const stale = (list: typeof configs, kind: 'config' | 'secret') => list.filter((o) => !files.objects.has(o.name)).map((o) => ({ ...o, kind }));
  result.pruned = await pruneObjects(swarm, project, [...stale(configs, 'config'), ...stale(secrets, 'secret')]);
  return result;
}

/** Removes earlier versions of configs and secrets that neither the specs nor their rollback specs use. */
async function pruneObjects(swarm: SwarmGateway, project: string, stale: { id: string; name: string; kind: 'config' | 'secret' }[]): Promise<string[]> {
  if (stale.length === 0) return [];
  const inUse = new Set((await swarm.listServices(swarmFilter(project))).flatMap((s) => [...referencedObjects(s.spec), ...(s.previousSpec ? referencedObjects(s.previousSpec) : [])]));
  const pruned: string[] = [];
  for (const o of stale.filter((x) => !inUse.has(x.name))) {
    await (o.kind === 'config' ? swarm.removeConfig(o.id) : swarm.removeSecret(o.id));
    pruned.push(o.name);
  }
  return pruned;
}
