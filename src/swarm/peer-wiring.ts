import type { ServiceSpec } from '../compose/types.js';
import { peerCount, peerHost } from './swarm-layout.js';

/** AlertManager's gossip port. */
export const gossipPort = 9094;

/** Prometheus peers differ by their `replica` external label (prometheus.yml reads ISH_MONITOR_REPLICA). */
export function peerEnv(s: ServiceSpec, peer: number): Record<string, string> {
  return s.name === 'prometheus' && peerCount(s) > 1 ? { ISH_MONITOR_REPLICA: peerHost(s, peer) } : {};
}

/**
 * The task's Command (the compose entrypoint) and Args (the compose command). AlertManager peers
 * replace the compose file's single-instance cluster flags: listen on the gossip port, join every other
 * peer by name, and advertise the task's own address on the stack network (`hostname -i`: the
 * address of its hostname in /etc/hosts), which AlertManager would otherwise guess from the default
 * route, an address on the node's gateway bridge that the other peers cannot reach.
 */
export function peerArgs(s: ServiceSpec, peer: number): { Command?: string[]; Args?: string[] } {
  const peers = peerCount(s);
  if (s.name !== 'alertmanager' || peers < 2) {
    return { ...(s.entrypoint ? { Command: s.entrypoint } : {}), ...(s.command ? { Args: s.command } : {}) };
  }
  const others = Array.from({ length: peers }, (_, i) => i + 1).filter((i) => i !== peer);
  const args = [
    ...(s.command ?? []).filter((a) => !a.startsWith('--cluster.')),
    `--cluster.listen-address=0.0.0.0:${gossipPort}`,
    ...others.map((i) => `--cluster.peer=${peerHost(s, i)}:${gossipPort}`),
  ];
  const script = `exec "$@" --cluster.advertise-address="$(hostname -i | cut -d' ' -f1):${gossipPort}"`;
  return { Command: ['/bin/sh', '-c', script, 'sh', ...(s.entrypoint ?? ['/bin/alertmanager'])], Args: args };
}

/** Gossiping peers are reached at their task address (DNS round robin), not through a virtual IP. */
export function endpointMode(s: ServiceSpec): 'vip' | 'dnsrr' {
  return s.name === 'alertmanager' && peerCount(s) > 1 ? 'dnsrr' : 'vip';
}

/** `host:port` of every peer of a service on the stack network, for service discovery files. */
export function peerTargets(s: ServiceSpec, port: number): string[] {
  return Array.from({ length: peerCount(s) }, (_, i) => `${peerHost(s, i + 1)}:${port}`);
}
