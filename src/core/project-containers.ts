import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';

/**
 * The project's service containers, found by the compose project label (so a stack first started
 * by `docker compose` converges too); one-off `run` containers are not services and are left alone.
 */
export async function listProjectContainers(gateway: DockerGateway, project: string): Promise<ContainerSummary[]> {
  const all = await gateway.listContainers({ [ComposeLabel.project]: project });
  return all.filter((c) => c.labels[ComposeLabel.oneoff] !== 'True');
}
