import type { ServiceSpec } from '../compose/types.js';
import { ComposeLabel, IshLabel } from '../labels.js';

/** The label filter that finds everything this tool created for a project. */
export function projectFilter(project: string): Record<string, string> {
  return { [ComposeLabel.project]: project, [IshLabel.managed]: 'true' };
}

/** Compose v2 container name: `<project>-<service>-1`, unless container_name is set. */
export function containerName(project: string, service: ServiceSpec): string {
  return service.containerName ?? `${project}-${service.name}-1`;
}

/** Engine name of a compose network: `<project>_<name>`. */
export function networkName(project: string, network: string): string {
  return `${project}_${network}`;
}

/** Engine name of a compose volume: `<project>_<name>`. */
export function volumeName(project: string, volume: string): string {
  return `${project}_${volume}`;
}

/** Whether a service counts as core (its absence makes status critical). */
export function isCore(labels: Record<string, string>): boolean {
  return labels[IshLabel.role] === 'core';
}
