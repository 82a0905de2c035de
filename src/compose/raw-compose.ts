/**
 * The compose document as the schema guarantees it after interpolation, before normalisation.
 * These shapes mirror `schema.ts`; keep the two in step.
 */

/** Scalars a YAML map value may hold where compose stringifies them (environment, labels). */
export type RawScalar = string | number | boolean | null;

/** A `KEY: value` map or a `KEY=value` list. */
export type RawMapOrList = Record<string, RawScalar> | string[];

/** Long-form `ports:` entry. */
export interface RawPort {
  target: number;
  published?: string | number;
  host_ip?: string;
  protocol?: 'tcp' | 'udp';
  mode?: 'host' | 'ingress';
}

/** Long-form `volumes:` entry of a service. */
export interface RawMount {
  type: 'volume' | 'bind';
  source?: string;
  target: string;
  read_only?: boolean;
}

/** One `depends_on` map entry. */
export interface RawDependency {
  condition?: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  required?: boolean;
  restart?: boolean;
}

/** `healthcheck:` of a service. */
export interface RawHealthcheck {
  test?: string | string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

/** `deploy.resources.limits` / `.reservations`. */
export interface RawResources {
  memory?: string | number;
  cpus?: string | number;
}

/** An `env_file:` entry: a path, or `{path, required}`. */
export type RawEnvFile = string | { path: string; required?: boolean };

/** One service as written. */
export interface RawService {
  image: string;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: RawMapOrList;
  env_file?: RawEnvFile | RawEnvFile[];
  ports?: (string | number | RawPort)[];
  volumes?: (string | RawMount)[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  depends_on?: string[] | Record<string, RawDependency>;
  healthcheck?: RawHealthcheck;
  restart?: string;
  labels?: RawMapOrList;
  user?: string | number;
  container_name?: string;
  extra_hosts?: string[] | Record<string, string>;
  logging?: { driver?: string; options?: Record<string, string | number | null> };
  deploy?: { resources?: { limits?: RawResources; reservations?: RawResources } };
  profiles?: string[];
}

/** A top-level network or volume definition (null when declared with no options). */
export interface RawResource {
  driver?: string;
  labels?: RawMapOrList;
}

/** The whole document. */
export interface RawCompose {
  name?: string;
  version?: string | number;
  services: Record<string, RawService>;
  networks?: Record<string, RawResource | null>;
  volumes?: Record<string, RawResource | null>;
}
