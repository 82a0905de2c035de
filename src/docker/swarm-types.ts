/** What the rest of the tool knows about Docker Swarm: plain data (Docker Engine API shapes), no dockerode types. */

/** A file a task sees: a Swarm config or secret, mounted read-only at an absolute path. */
export interface SwarmFileRef {
  File: { Name: string; UID: string; GID: string; Mode: number };
  /** Filled in by deploy from the engine's answer; specs are built with the name only. */
  ConfigID?: string;
  ConfigName?: string;
  SecretID?: string;
  SecretName?: string;
}

/** A mount of a task: a named volume (created by the engine on the node) or a bind of a node path. */
export interface SwarmMount {
  Type: 'volume' | 'bind';
  Source: string;
  Target: string;
  ReadOnly: boolean;
  VolumeOptions?: { Labels: Record<string, string> };
}

/** A published port: `host` mode binds on the task's node; Swarm ignores bind addresses. */
export interface SwarmPort {
  Protocol: 'tcp' | 'udp';
  TargetPort: number;
  PublishedPort: number;
  PublishMode: 'host' | 'ingress';
}

/** How Swarm replaces tasks on update and on rollback. */
export interface SwarmUpdatePolicy {
  Parallelism: number;
  /** Nanoseconds between tasks. */
  Delay: number;
  FailureAction: 'rollback' | 'pause' | 'continue';
  /** Nanoseconds a new task is watched for failure before the next one. */
  Monitor: number;
  MaxFailureRatio: number;
  Order: 'stop-first' | 'start-first';
}

/** Docker Engine API body of POST /services/create and /services/{id}/update (the parts we set). */
export interface SwarmServiceBody {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: {
      Image: string;
      Labels: Record<string, string>;
      Command?: string[];
      Args?: string[];
      Env: string[];
      User?: string;
      Hostname?: string;
      Mounts: SwarmMount[];
      Configs: SwarmFileRef[];
      Secrets: SwarmFileRef[];
      Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
      /** Nanoseconds between SIGTERM and SIGKILL. */
      StopGracePeriod: number;
    };
    Resources: { Limits: { NanoCPUs?: number; MemoryBytes?: number }; Reservations: { MemoryBytes?: number } };
    RestartPolicy: { Condition: 'any' | 'on-failure' | 'none'; Delay: number; MaxAttempts: number };
    Placement: { Constraints: string[]; Preferences: { Spread: { SpreadDescriptor: string } }[]; MaxReplicas?: number };
    Networks: { Target: string; Aliases: string[] }[];
    LogDriver?: { Name: string; Options: Record<string, string> };
    /** Raised to replace every task although nothing else changed (restart). */
    ForceUpdate?: number;
  };
  Mode: { Replicated: { Replicas: number } } | { Global: Record<string, never> };
  UpdateConfig: SwarmUpdatePolicy;
  RollbackConfig: SwarmUpdatePolicy;
  EndpointSpec: { Mode: 'vip' | 'dnsrr'; Ports: SwarmPort[] };
}

/** A config or secret to create: name (versioned by content), labels and bytes. */
export interface SwarmObjectBody {
  Name: string;
  Labels: Record<string, string>;
  Data: Buffer;
}

/** A config or secret the engine holds. */
export interface SwarmObject {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** The engine's place in a swarm (GET /info). */
export interface SwarmMembership {
  /** `inactive`, `pending`, `active`, `error`, `locked`. */
  state: string;
  /** True when this engine is a manager: only managers take service calls. */
  manager: boolean;
  nodeId: string;
}

/** A node of the swarm. */
export interface SwarmNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  /** `active`, `pause` or `drain`: only active nodes take new tasks. */
  availability: string;
  /** `ready`, `down`, `disconnected`, `unknown`. */
  state: string;
}

/** A service as the engine reports it. */
export interface SwarmService {
  id: string;
  name: string;
  /** The index an update must quote (optimistic locking). */
  version: number;
  labels: Record<string, string>;
  /** The spec it runs now (the engine's copy, with its defaults filled in). */
  spec: SwarmServiceBody;
  /** The spec before the last update: what a rollback returns to. */
  previousSpec?: SwarmServiceBody;
  /** Replicas asked for; undefined for a global service. */
  replicas?: number;
  /** e.g. `updating`, `completed`, `paused`, `rollback_started`, `rollback_completed`; undefined before any update. */
  updateState?: string;
  updateMessage?: string;
}

/** A task (one container slot) of a service. */
export interface SwarmTask {
  id: string;
  serviceId: string;
  nodeId: string;
  slot?: number;
  /** What Swarm wants: `running`, `shutdown`, ... */
  desiredState: string;
  /** What it is: `new` ... `starting`, `running`, `complete`, `failed`, `shutdown`, `rejected`, ... */
  state: string;
  /** The engine's message or error for the state, e.g. `task: non-zero exit (1)`. */
  message: string;
  containerId?: string;
  updatedAt: string;
}

/** The swarm calls of the engine. Every method maps engine errors to typed IshErrors. */
export interface SwarmGateway {
  /** The engine's swarm state (also when it is in none). */
  membership(): Promise<SwarmMembership>;
  listNodes(): Promise<SwarmNode[]>;
  listServices(labels: Record<string, string>): Promise<SwarmService[]>;
  createService(body: SwarmServiceBody): Promise<string>;
  /** Replaces the spec of service `id` at `version` (Swarm then rolls its tasks over by UpdateConfig). */
  updateService(id: string, version: number, body: SwarmServiceBody): Promise<void>;
  removeService(id: string): Promise<void>;
  /** Tasks of the given services (IDs); none when the list is empty. */
  listTasks(serviceIds: string[]): Promise<SwarmTask[]>;
  listConfigs(labels: Record<string, string>): Promise<SwarmObject[]>;
  createConfig(body: SwarmObjectBody): Promise<string>;
  removeConfig(id: string): Promise<void>;
  listSecrets(labels: Record<string, string>): Promise<SwarmObject[]>;
  createSecret(body: SwarmObjectBody): Promise<string>;
  removeSecret(id: string): Promise<void>;
  /**
   * The log of every task of the service as the engine streams it (multiplexed frames, a timestamp
   * before every line): the last `tail` lines (all when undefined) since `since` (Unix ns), and with
   * `follow` every new one until `signal` aborts (then the iteration ends quietly).
   */
  readServiceLogs(id: string, opts: { follow: boolean; tail?: number; since?: bigint }, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
  /** Creates an overlay network (attachable: false); labels as given. */
  createOverlayNetwork(name: string, labels: Record<string, string>): Promise<void>;
}
