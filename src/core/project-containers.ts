import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import { projectFilter } from './resource-names.js';

/**
 * The project's service containers: those ish-monitor created (project and managed labels), so no
 * command ever converges, stops or removes a container someone else made with a look-alike label.
 * One-off `run` containers are not services and are left alone.
 */
export async function listProjectContainers(gateway: DockerGateway, project: string): Promise<ContainerSummary[]> {
  const all = await gateway.listContainers(projectFilter(project));
  return all.filter((c) => c.labels[ComposeLabel.oneoff] !== 'True');
}

/** "service a is not deployed in project p" / "services a, b are not deployed in project p". */
export function notDeployedText(services: string[], project: string): string {
  return `${services.length === 1 ? 'service' : 'services'} ${services.join(', ')} ${services.length === 1 ? 'is' : 'are'} not deployed in project ${project}`;
}
