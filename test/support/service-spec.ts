import type { ServiceSpec } from '../../src/compose/types.js';

/** A minimal normalised service for unit tests: only the name is given, the rest defaults. */
export function serviceSpec(name: string, overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name,
    image: `${name}:1`,
    environment: {},
    ports: [],
    volumes: [],
    networks: ['monitoring'],
    dependsOn: [],
    restart: 'no',
    labels: {},
    extraHosts: [],
    profiles: [],
    ...overrides,
  };
}
