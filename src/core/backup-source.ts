import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { listProjectContainers } from './project-containers.js';
import { volumeName } from './resource-names.js';

/**
 * Where `backup` reads the data of the deployed services and how it holds a service still for its
 * copy: the project's containers (plain), or one task per stateful Swarm service (swarm-backup-source).
 */
export interface BackupSource {
  /** The deployed services' containers, each labelled with its compose service (ComposeLabel.service). */
  containers: ContainerSummary[];
  /** Whether Prometheus may be copied through a TSDB snapshot while it runs; false: stopped like the others. */
  snapshots: boolean;
  /** Engine name of a compose volume as the service's container mounts it. */
  engineVolume(service: string, volume: string): string;
  /** Where each service's copy comes from, for the manifest and the output (swarm: the peer and task). */
  origins: Map<string, string>;
  /** Stops the service of `containerId` and returns the container whose archive holds its data. */
  stop(containerId: string, service: string, timeoutSeconds: number): Promise<string>;
  /** Starts again what `stop` stopped. */
  start(containerId: string, service: string): Promise<void>;
}

/** The plain deployment: the project's containers, stopped and started in place. */
export async function containerBackupSource(gateway: DockerGateway, project: string): Promise<BackupSource> {
  return {
    containers: await listProjectContainers(gateway, project),
    snapshots: true,
    engineVolume: (_service, volume) => volumeName(project, volume),
    origins: new Map(),
    async stop(containerId, _service, timeoutSeconds) {
      await gateway.stopContainer(containerId, timeoutSeconds);
      return containerId;
    },
    start: (containerId, service) => gateway.startContainer(containerId, service),
  };
}
