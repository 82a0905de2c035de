/** Exit codes: one table for the whole CLI, documented in README and `--help`. */
export const ExitCode = {
  ok: 0,
  /** status: something optional is down or slow. */
  degraded: 1,
  /** status: a core service (prometheus, alertmanager, grafana) is down or not deployed. */
  critical: 2,
  /** status: the state cannot be known (Docker engine unreachable). */
  unknown: 3,
  /** Bad command line: unknown option, unknown service name. */
  usage: 64,
  /** Invalid configuration: compose file, .env, interpolation, schema. */
  config: 65,
  /** A file the command needs does not exist or cannot be read. */
  noInput: 66,
  /** The Docker engine does not answer. */
  dockerUnreachable: 69,
  /** A bug: an error nobody anticipated. */
  internal: 70,
  /** The Docker engine refused an operation: port in use, name conflict, image missing. */
  engine: 71,
  /** A backup could not be written or verified. */
  backup: 73,
  /** A service did not become ready before the deadline. */
  notReady: 75,
  /** Another ish-monitor run holds the project's lock past --lock-timeout, or the lock file cannot be created. */
  locked: 76,
  /** upgrade: a service did not become ready on its new version; the stack was rolled back. */
  rolledBack: 77,
  /** upgrade: rolled back, and the data of services whose recorded version refused it was restored from the pre-upgrade backup. */
  dataRestored: 78,
  /** upgrade (--rollback): rolled back, but a service's recorded version refuses the data the new version left, and it was not restored. */
  dataRefused: 79,
  /** deploy --swarm on an engine that is no swarm manager, or a command that is not swarm-aware on a swarm-deployed project. */
  swarm: 80,
  /** Interrupted by SIGINT/SIGTERM. */
  interrupted: 130,
} as const;

/** A value of the exit-code table. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error a user can cause or fix: one-line message, a hint, and the exit code it maps to. */
export class IshError extends Error {
  /** Creates an error whose message names the thing and whose hint says how to fix it. */
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The compose file, .env or a value in them is invalid. */
export class ConfigError extends IshError {
  /** Creates a configuration error; the message names the file and line. */
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.config, hint, options);
  }
}

/** A command-line argument is wrong. */
export class UsageError extends IshError {
  /** Creates a usage error with a hint. */
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** A file the command reads is missing. */
export class NoInputError extends IshError {
  /** Creates a missing-file error with a hint. */
  constructor(message: string, hint?: string) {
    super(message, ExitCode.noInput, hint);
  }
}

/** The Docker engine at `host` cannot be reached. */
export class DockerUnreachableError extends IshError {
  /** Creates the error naming the socket or host that did not answer. */
  constructor(
    readonly host: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Docker engine not reachable at ${host}: ${detail}`,
      ExitCode.dockerUnreachable,
      'start the engine (e.g. `dockerd &` or `systemctl start docker`), or point DOCKER_HOST at a running one',
      options,
    );
  }
}

/** The engine refused an operation (conflict, port in use, missing image, ...). */
export class EngineError extends IshError {
  /** `status` is the HTTP status of the Docker API reply, where there was one. */
  constructor(
    message: string,
    hint?: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, ExitCode.engine, hint, options);
  }
}

/** A service did not become ready before the deadline, or exited while starting. */
export class NotReadyError extends IshError {
  /** `details` carries the health-check output and last log lines, printed after the message. */
  constructor(
    message: string,
    readonly details: string[],
    hint?: string,
  ) {
    super(message, ExitCode.notReady, hint);
  }
}

/** The operation was interrupted by a signal. */
export class InterruptedError extends IshError {
  /** Creates the error for SIGINT/SIGTERM. */
  constructor(signal: string) {
    super(`interrupted by ${signal}`, ExitCode.interrupted);
  }
}

/** An upgrade failed readiness and was rolled back to the recorded state. */
export class RolledBackError extends IshError {
  /** `details` carries the failed service's health output and last log lines; `exitCode` says what became of the data (77, 78, 79). */
  constructor(
    message: string,
    readonly details: string[],
    hint?: string,
    exitCode: ExitCodeValue = ExitCode.rolledBack,
  ) {
    super(message, exitCode, hint);
  }
}
