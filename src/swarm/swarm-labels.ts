import { IshLabel } from '../labels.js';

/** Label keys of what a swarm deploy creates: docker stack's namespace, so `docker stack ps <project>` sees it, plus ours. */
export const SwarmLabel = {
  /** The project, as `docker stack deploy` labels its services, networks, configs, secrets and tasks. */
  namespace: 'com.docker.stack.namespace',
  /** The compose service a swarm service comes from (`prometheus` for `<project>_prometheus-2`). */
  service: 'io.ish-monitor.swarm.service',
  /** 1-based peer number of an HA service (`2` for `prometheus-2`); `1` for single services. */
  peer: 'io.ish-monitor.swarm.peer',
  /** Hash of the generated spec: equal means nothing to update. */
  specHash: 'io.ish-monitor.swarm.spec-hash',
  /** Set by `stop --swarm`: the replicas the service had (`global` for a global service); deploy --swarm brings them back. */
  stopped: 'io.ish-monitor.swarm.stopped',
} as const;

/** The label filter that finds everything a swarm deploy created for a project. */
export function swarmFilter(project: string): Record<string, string> {
  return { [SwarmLabel.namespace]: project, [IshLabel.managed]: 'true' };
}
