import type { SwarmGateway, SwarmService } from '../docker/swarm-types.js';
import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { BackupError } from '../backup/backup-error.js';
import type { Clock } from '../health/clock.js';
import { ComposeLabel } from '../labels.js';
import { swarmFilter, SwarmLabel } from '../swarm/swarm-labels.js';
import { stoppedAs, stoppedBody, unstoppedBody } from '../swarm/stopped-spec.js';
import type { BackupSource } from './backup-source.js';
import { requireManager } from './require-manager.js';
import type { ProgressSink } from './progress.js';
import { helperBody } from './restore-helper.js';
import { waitForTasksGone } from './stop-swarm.js';

/** The engine's label on a task container naming its Swarm service. */
const taskServiceId = 'com.docker.swarm.service.id';

/**
 * The data of a swarm deployment, from ONE peer per stateful compose service: of the peers whose
 * task runs on this node (the engine can only read its own containers), the highest-numbered (so
 * prometheus-2, alertmanager-3: peer 1, where people look first, keeps running). For its copy that
 * peer's service is stopped as `stop --swarm` stops it (scaled to 0, labelled, so an interrupted
 * backup leaves it STOPPED for `deploy --swarm` to start, never half-configured) while the other
 * peers keep serving; its volumes are read through a created, never started, helper container.
 * No TSDB snapshot: in swarm mode the admin API is off (it would be published on every interface).
 */
export async function swarmBackupSource(project: string, gateway: DockerGateway, swarm: SwarmGateway, progress: ProgressSink, opts: { clock: Clock }): Promise<BackupSource> {
  await requireManager(swarm, gateway.endpoint);
  const services = await swarm.listServices(swarmFilter(project));
  const byId = new Map(services.map((s) => [s.id, s]));
  const tasks = (await gateway.listContainers({ [SwarmLabel.namespace]: project })).filter((c) => c.state === 'running' && byId.has(c.labels[taskServiceId] ?? ''));
  const peerOf = (c: ContainerSummary) => Number(c.labels[SwarmLabel.peer] ?? 1);
  const chosen = new Map<string, ContainerSummary>();
  for (const c of tasks) {
    const service = c.labels[SwarmLabel.service] ?? '';
    const best = chosen.get(service);
    if (!best || peerOf(c) > peerOf(best)) chosen.set(service, c);
  }
  const serviceOf = (containerId: string): SwarmService => {
    const c = [...chosen.values()].find((x) => x.id === containerId);
    const s = c && byId.get(c.labels[taskServiceId]!);
    if (!s) throw new BackupError(`container ${containerId.slice(0, 12)} is no task of project ${project}`);
    return s;
  };
  const fresh = async (name: string) => {
    const s = (await swarm.listServices(swarmFilter(project))).find((x) => x.name === name);
    if (!s) throw new BackupError(`swarm service ${name} went away during the backup`, 'run `ish-monitor deploy --swarm`');
    return s;
  };
  const helpers = new Map<string, string>();
  return {
    containers: [...chosen].map(([service, c]) => ({ ...c, labels: { ...c.labels, [ComposeLabel.service]: service } })),
    snapshots: false,
    engineVolume(service, volume) {
      const c = chosen.get(service);
      const mounts = (c && byId.get(c.labels[taskServiceId]!)?.spec.TaskTemplate.ContainerSpec.Mounts) ?? [];
      // The peer's own volume: prometheus_data-2 for the compose volume prometheus_data.
      return mounts.find((m) => m.Type === 'volume' && (m.Source === `${project}_${volume}` || m.Source.startsWith(`${project}_${volume}-`)))?.Source ?? `${project}_${volume}`;
    },
    origins: new Map([...chosen].map(([service, c]) => [service, `swarm service ${byId.get(c.labels[taskServiceId]!)!.name} (peer ${peerOf(c)}, task container ${c.name})`])),
    async stop(containerId, service) {
      const s = serviceOf(containerId);
      progress.update(`backup:${service}`, `${service}: stopping ${s.name} for a consistent copy (the other peers keep running)`);
      const now = await fresh(s.name);
      await swarm.updateService(now.id, now.version, stoppedBody(now));
      await waitForTasksGone(swarm, project, [now], progress, { timeoutMs: 120_000, clock: opts.clock });
      const binds = now.spec.TaskTemplate.ContainerSpec.Mounts.filter((m) => m.Type === 'volume').map((m) => `${m.Source}:${m.Target}`);
      // The task's own image (its sh is never run: the helper is only created, for the engine's archive call).
      const image = [...chosen.values()].find((x) => x.id === containerId)!.image;
      const helper = await gateway.createContainer(helperBody(project, `${s.name}-backup-${opts.clock.now()}`, image, binds), `${service} (backup helper)`);
      helpers.set(containerId, helper);
      return helper;
    },
    async start(containerId) {
      const s = serviceOf(containerId);
      const helper = helpers.get(containerId);
      if (helper) await gateway.removeContainer(helper, { anonymousVolumes: true });
      helpers.delete(containerId);
      const now = await fresh(s.name);
      // Not stopped (its stop failed before the update): nothing to start.
      if (stoppedAs(now) !== undefined) await swarm.updateService(now.id, now.version, unstoppedBody(now));
    },
  };
}
