import type { ContainerSummary } from '../../src/docker/types.js';

/** A listed container of `service` for unit tests: running, hash `h-<service>`, image `<service>:1`. */
export function containerSummary(service: string, o: Partial<ContainerSummary> & { hash?: string } = {}): ContainerSummary {
  const { hash, ...rest } = o;
  return {
    id: `id-${service}`,
    name: `p-${service}-1`,
    image: `${service}:1`,
    imageId: `sha256:${service}`,
    state: 'running',
    statusText: 'Up',
    labels: { 'com.docker.compose.service': service, 'com.docker.compose.config-hash': hash ?? `h-${service}`, 'com.docker.compose.container-number': '1' },
    ports: [],
    createdAt: new Date(0),
    ...rest,
  };
}
