import { ExitCode } from '../errors.js';

/** The exit-code table, for `--help` (the README carries the same table). */
export const exitCodesHelp = `
Exit codes:
  ${ExitCode.ok}    success; status: every service ready
  ${ExitCode.degraded}    status: degraded (an exporter or optional service down, a probe slow, or a degraded finding: stack scrape target down, failing rule, TSDB near its size retention, Grafana password drifted); doctor: a warning
  ${ExitCode.critical}    status: critical (prometheus, alertmanager or grafana down or not deployed); doctor: a failure
  ${ExitCode.unknown}    status: unknown (Docker engine unreachable)
  ${ExitCode.usage}   usage error (bad option, unknown service)
  ${ExitCode.config}   invalid configuration (compose file, .env, interpolation, missing bind path; validate/deploy: a config file, at file:line)
  ${ExitCode.noInput}   a file the command needs does not exist or cannot be read (compose file, env file, backup archive)
  ${ExitCode.dockerUnreachable}   Docker engine unreachable (deploy, stop, restart, ...)
  ${ExitCode.internal}   internal error (a bug: please report it)
  ${ExitCode.engine}   the engine refused: port in use, name conflict, image missing or not pullable
  ${ExitCode.backup}   backup failed
  ${ExitCode.notReady}   a service did not become ready in time, or exited while starting
  ${ExitCode.locked}   another ish-monitor run holds the project's lock (deploy, restart, stop, ...), or the lock file cannot be created
  ${ExitCode.rolledBack}   upgrade: a service did not become ready on its new version; rolled back (deploy --swarm: Swarm rolled a service back)
  ${ExitCode.dataRestored}   upgrade: rolled back, and data a recorded version refused restored from the pre-upgrade backup (agreed)
  ${ExitCode.dataRefused}   upgrade (--rollback): rolled back, but a recorded version refuses the data the new one left; not restored
  ${ExitCode.swarm}   deploy --swarm: the engine is no swarm manager; a command not swarm-aware on a swarm deployment
  ${ExitCode.interrupted}  interrupted (Ctrl-C / SIGTERM)`;
