/** What the rest of the tool knows about Docker: plain data, no dockerode types. */

/** Container state as the engine reports it. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** Docker healthcheck status; `none` when the container has no healthcheck. */
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy' | 'none';

/** A published port of a running container. */
export interface PublishedPort {
  containerPort: number;
  hostPort: number;
  hostIp: string;
  protocol: string;
}

/** A container as listed (one API call for the whole project). */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  state: ContainerState;
  /** The engine's human status, e.g. "Up 5 minutes (healthy)". */
  statusText: string;
  labels: Record<string, string>;
  ports: PublishedPort[];
  createdAt: Date;
}

/** A container as inspected: state details the list does not carry. */
export interface ContainerDetails extends ContainerSummary {
  health: HealthStatus;
  /** Output of the most recent health-check runs, newest last. */
  healthLog: { exitCode: number; output: string; end: string }[];
  startedAt?: Date;
  exitCode: number;
  restartCount: number;
  oomKilled: boolean;
  /** Engine's error text for a failed start, if any. */
  error: string;
}

/** A network or volume the engine holds. */
export interface NamedResource {
  name: string;
  id: string;
  labels: Record<string, string>;
}

/** An image present on the engine. */
export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
}

/** One progress event of an image pull. */
export interface PullProgress {
  image: string;
  layersTotal: number;
  layersDone: number;
  bytesDone: number;
  bytesTotal: number;
}

/** Docker Engine API body for POST /containers/create (the parts we set). */
export interface ContainerCreateBody {
  name: string;
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env: string[];
  User?: string;
  Labels: Record<string, string>;
  ExposedPorts: Record<string, Record<string, never>>;
  Healthcheck?: {
    Test: string[];
    Interval?: number;
    Timeout?: number;
    Retries?: number;
    StartPeriod?: number;
    StartInterval?: number;
  };
  HostConfig: {
    Binds: string[];
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
    RestartPolicy: { Name: string; MaximumRetryCount?: number };
    ExtraHosts: string[];
    LogConfig?: { Type: string; Config: Record<string, string> };
    Memory?: number;
    NanoCpus?: number;
    MemoryReservation?: number;
    NetworkMode: string;
  };
  NetworkingConfig: { EndpointsConfig: Record<string, { Aliases: string[] }> };
}

/** Which part of a container's log to read (Docker's logs endpoint; times are Unix nanoseconds). */
export interface LogReadOptions {
  /** Keep the stream open and send new lines until the container stops. */
  follow: boolean;
  /** Only the last N lines; all when undefined. */
  tail?: number;
  /** Only lines at or after this time. */
  since?: bigint;
  /** Only lines at or before this time. */
  until?: bigint;
}

/** A container event as the engine reports it (GET /events). */
export interface ContainerEvent {
  /** e.g. `start`, `die`, `restart`, `destroy`. */
  action: string;
  id: string;
  /** The container's labels (and the engine's `name` and `image` attributes). */
  attributes: Record<string, string>;
  /** Engine time of the event, Unix nanoseconds. */
  timeNano: bigint;
}

/** The one door to the Docker engine. Every method maps engine errors to typed IshErrors. */
export interface DockerGateway {
  /** Where the engine is, for messages: `unix:///var/run/docker.sock` or `tcp://host:2375`. */
  readonly endpoint: string;
  /** Host name to reach published ports on: `127.0.0.1` for a local socket, else DOCKER_HOST's host. */
  readonly publishHost: string;
  /** Answers when the engine does; throws DockerUnreachableError otherwise. */
  ping(): Promise<void>;
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  createContainer(body: ContainerCreateBody, service: string): Promise<string>;
  startContainer(id: string, service: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  restartContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Removes a container; `anonymousVolumes` also removes the unnamed volumes its image declared (never a named volume). */
  removeContainer(id: string, opts?: { anonymousVolumes?: boolean }): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  connectNetwork(network: string, containerId: string, aliases: string[]): Promise<void>;
  /** The last `tail` log lines (stdout and stderr interleaved, demultiplexed). */
  containerLogs(id: string, tail: number): Promise<string[]>;
  /**
   * The container's log as the engine sends it, with a timestamp before every line: multiplexed
   * frames (8-byte header: stream, 0, 0, 0, big-endian size) unless the container has a TTY. The
   * iteration ends when the log does (with `follow`: when the container stops), quietly when
   * `signal` aborts, and throws DockerUnreachableError when the engine goes away.
   */
  readContainerLogs(id: string, opts: LogReadOptions, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
  /**
   * Events of the containers carrying `labels` whose action is one of `actions`, as they happen,
   * until `signal` aborts. The stream never ends by itself: when the engine closes it or goes away
   * the iteration throws DockerUnreachableError.
   */
  watchContainerEvents(labels: Record<string, string>, actions: string[], signal?: AbortSignal): Promise<AsyncIterable<ContainerEvent>>;
  listNetworks(labels: Record<string, string>): Promise<NamedResource[]>;
  createNetwork(name: string, driver: string | undefined, labels: Record<string, string>): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  listVolumes(labels: Record<string, string>): Promise<NamedResource[]>;
  createVolume(name: string, driver: string | undefined, labels: Record<string, string>): Promise<void>;
  /** The image, or undefined when the engine does not have it. */
  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  /** Pulls the image; rejects with EngineError naming it when it cannot be pulled. */
  pullImage(ref: string, onProgress: (p: PullProgress) => void): Promise<void>;
  // --- cleanup (removal of the project's engine resources) ---
  /** Removes a volume; the engine refuses (409) while a container uses it. */
  removeVolume(name: string): Promise<void>;
  /**
   * Bytes each local volume holds, by volume name (the engine's /system/df, which walks the volumes:
   * slow on big ones, so call it only when sizes are shown); a volume the engine did not measure is absent.
   */
  volumeSizes(): Promise<Map<string, number>>;
  /** Every image on the engine (tagged or not), with its size in bytes. */
  listImages(): Promise<(ImageInfo & { sizeBytes: number })[]>;
  /**
   * Removes an image reference without force: a tag is untagged, and the image is deleted when no
   * other tag is left. `deleted` says whether the image itself went. Refused (409) while a container uses it.
   */
  removeImage(ref: string): Promise<{ deleted: boolean }>;
  // --- backup (streamed archives and commands in containers) ---
  /**
   * A tar stream of `path` in the container (running or stopped), straight from the engine
   * (GET /containers/{id}/archive): nothing is buffered and no host path of a volume is assumed.
   * When `signal` aborts, the stream is destroyed and the iteration ends early: callers check it.
   * A chunk may be reused for later bytes once the next is asked for: copy what you keep.
   */
  getArchive(id: string, path: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
  /** Runs a command in a running container and waits for it: exit code and output (stdout and stderr). */
  execInContainer(id: string, cmd: string[]): Promise<{ exitCode: number; output: string }>;
  // --- restore (streamed extraction into volumes through a helper container) ---
  /**
   * Extracts a tar stream into `path` of a container, running or only created (PUT
   * /containers/{id}/archive), keeping the members' owners and modes. When `body` throws or `signal`
   * aborts, the request is cut and that error is rethrown.
   */
  putArchive(id: string, path: string, body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void>;
  /** Waits until the container stops and returns its exit code. */
  waitContainer(id: string): Promise<number>;
}

/** Facts about the engine for preflight checks (GET /version and GET /info). */
export interface EngineInfo {
  /** e.g. `20.10.24+dfsg1`. */
  serverVersion: string;
  /** e.g. `1.41`. */
  apiVersion: string;
  /** Memory the engine's host has, in bytes. */
  memTotalBytes: number;
  /** Where the engine keeps images, containers and volumes, e.g. `/var/lib/docker`. */
  dataRoot: string;
}

/** A short-lived container that runs one program on files copied in, for checks (validate, doctor). */
export interface OneShotRun {
  image: string;
  entrypoint: string[];
  cmd: string[];
  workingDir?: string;
  user?: string;
  /** A tar archive extracted at `filesAt` before the start (PUT /containers/{id}/archive). */
  files?: { tar: Buffer; at: string };
  /** Read-only binds `host:container:ro`, on the engine's host. */
  binds?: string[];
  labels: Record<string, string>;
  /** The container is killed and removed past this. */
  timeoutMs: number;
}

/** Engine calls only checks make (validate, doctor): apart from DockerGateway, which every command loads. */
export interface CheckGateway {
  /** Engine version, API version, memory and data root. */
  engineInfo(): Promise<EngineInfo>;
  /** Runs the container to its end and removes it on every path: exit code and output (stdout and stderr). */
  runOnce(run: OneShotRun): Promise<{ exitCode: number; output: string }>;
}
