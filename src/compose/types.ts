/** The typed, interpolated, validated shape of a compose file: what the rest of the tool works on. */

/** Durations are nanoseconds (what the Docker API takes), parsed exactly from `1m30s`-style text. */
export type Nanoseconds = number;

/** One published port. */
export interface PortSpec {
  /** Port inside the container. */
  target: number;
  /** Port on the host; undefined means "any free port". */
  published?: number;
  /** Host address to bind; undefined means all interfaces. */
  hostIp?: string;
  protocol: 'tcp' | 'udp';
}

/** One mount: a named volume or a bind of a host path (absolute, resolved against the compose file). */
export interface MountSpec {
  type: 'volume' | 'bind';
  /** Volume name as written in the compose file (not project-prefixed), or absolute host path. */
  source: string;
  target: string;
  readOnly: boolean;
}

/** One entry of depends_on. */
export interface DependencySpec {
  service: string;
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  /** `required: false` lets the stack start without this dependency (compose default: true). */
  required?: boolean;
  /** `restart: true` restarts this service when the dependency restarts (compose default: false). */
  restart?: boolean;
}

/** A Docker healthcheck. */
export interface HealthcheckSpec {
  /** Docker's form: ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]; empty inherits the image's test. */
  test: string[];
  interval?: Nanoseconds;
  timeout?: Nanoseconds;
  retries?: number;
  startPeriod?: Nanoseconds;
  startInterval?: Nanoseconds;
}

/** deploy.resources.limits. */
export interface LimitsSpec {
  memoryBytes?: number;
  nanoCpus?: number;
}

/** One service of the stack, normalised. */
export interface ServiceSpec {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  /** env_file entries merged first, then `environment` on top. */
  environment: Record<string, string>;
  ports: PortSpec[];
  volumes: MountSpec[];
  /** Network names as written in the compose file (not project-prefixed). */
  networks: string[];
  /** Extra DNS aliases per network name, only for networks that declare some. */
  networkAliases?: Record<string, string[]>;
  dependsOn: DependencySpec[];
  healthcheck?: HealthcheckSpec;
  /** Docker restart policy: no, always, unless-stopped, on-failure[:N]. */
  restart: string;
  labels: Record<string, string>;
  user?: string;
  containerName?: string;
  /** `host:ip` entries; ip may be the literal `host-gateway`. */
  extraHosts: string[];
  logging?: { driver?: string; options: Record<string, string> };
  limits?: LimitsSpec;
  /** deploy.resources.reservations: memory maps to the engine's MemoryReservation. */
  reservations?: LimitsSpec;
  /** Empty: always enabled; otherwise enabled only when one of these profiles is selected. */
  profiles: string[];
}

/** A top-level network. */
export interface NetworkSpec {
  name: string;
  driver?: string;
  labels: Record<string, string>;
}

/** A top-level named volume. */
export interface VolumeSpec {
  name: string;
  driver?: string;
  labels: Record<string, string>;
}

/** The whole stack as declared. */
export interface StackSpec {
  /** Compose project name: `-p`, else COMPOSE_PROJECT_NAME, else `name:` in the file, else the directory name. */
  project: string;
  /** Absolute path of the compose file. */
  composeFile: string;
  /** Directory of the compose file: relative paths resolve against it. */
  workingDir: string;
  /** Every service, whatever its profiles; callers select the active ones. */
  services: ServiceSpec[];
  networks: NetworkSpec[];
  volumes: VolumeSpec[];
  /** Non-fatal findings (unset variables, obsolete keys), each naming file:line, for the CLI to print. */
  warnings?: string[];
}

/** What a load read besides the compose file: filled in by `loadStack` when asked (see stack-cache). */
export interface LoadInputs {
  /** Names of the environment variables it looked up. */
  vars: Set<string>;
  /** Absolute paths of the env files it read or looked for. */
  files: Set<string>;
}

/** What `loadStack` takes. */
export interface LoadOptions {
  /** Collects what the result depends on, for caching it. */
  inputs?: LoadInputs;
  /** Path of the compose file (relative to cwd). */
  file: string;
  /** An explicit env file; default is `.env` next to the compose file, if present. */
  envFile?: string;
  /** The shell environment: wins over the env file. */
  env: Record<string, string | undefined>;
  /** Overrides the project name (`-p`). */
  projectName?: string;
}
