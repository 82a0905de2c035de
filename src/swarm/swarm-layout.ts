import type { ServiceSpec } from '../compose/types.js';
import type { SwarmNode } from '../docker/swarm-types.js';
import { compareText } from '../core/compare-text.js';

/** How a compose service runs on Swarm: N replicated peers (each its own service), or one task per node. */
export type PeerLayout = { mode: 'replicated'; peers: number } | { mode: 'global' };

/**
 * The high-availability shape per compose service: Prometheus as an HA pair (two services, each with
 * its own volume and `replica` label), AlertManager as three gossiping peers, node agents (node-exporter,
 * cadvisor, alloy) on every node; everything else one replicated task that Swarm reschedules.
 */
const layouts: Record<string, PeerLayout> = {
  prometheus: { mode: 'replicated', peers: 2 },
  alertmanager: { mode: 'replicated', peers: 3 },
  'node-exporter': { mode: 'global' },
  cadvisor: { mode: 'global' },
  alloy: { mode: 'global' },
};

/** The layout of a compose service on Swarm. */
export function peerLayout(service: ServiceSpec): PeerLayout {
  return layouts[service.name] ?? { mode: 'replicated', peers: 1 };
}

/** How many Swarm services a compose service becomes. */
export function peerCount(service: ServiceSpec): number {
  const layout = peerLayout(service);
  return layout.mode === 'global' ? 1 : layout.peers;
}

/** The DNS name of one peer on the stack's network: `alertmanager-2`, or the service name when it has one peer. */
export function peerHost(service: ServiceSpec, peer: number): string {
  return peerCount(service) > 1 ? `${service.name}-${peer}` : service.name;
}

/** The Swarm service name of a peer: `<project>_<peer host>`, as `docker stack deploy` names services. */
export function swarmServiceName(project: string, service: ServiceSpec, peer: number): string {
  return `${project}_${peerHost(service, peer)}`;
}

/** Nodes that take new tasks: ready and active, in a stable order (hostname, then ID). */
export function schedulableNodes(nodes: SwarmNode[]): SwarmNode[] {
  return nodes
    .filter((n) => n.state === 'ready' && n.availability === 'active')
    .sort((a, b) => compareText(a.hostname, b.hostname) || compareText(a.id, b.id));
}

/**
 * Pins the peers of an HA service to distinct nodes (Swarm's spread preference works within one
 * service only, and each peer is its own service). A peer keeps the node it is pinned to while that
 * node is schedulable (and not over its share), since its local volume lives there; others go to the node with the fewest
 * peers of the same service. With fewer than two schedulable nodes nothing is pinned.
 * `current` maps swarm service name -> node ID of its present pin; returns the same shape.
 */
export function pinPeers(peerNames: string[], nodes: SwarmNode[], current: Map<string, string>): Map<string, string> {
  const usable = schedulableNodes(nodes);
  const pins = new Map<string, string>();
  if (usable.length < 2 || peerNames.length < 2) return pins;
  const load = new Map(usable.map((n) => [n.id, 0]));
  const place = (name: string, node: string) => {
    pins.set(name, node);
    load.set(node, (load.get(node) ?? 0) + 1);
  };
  const perNode = Math.ceil(peerNames.length / usable.length);
  for (const name of peerNames) {
    const kept = current.get(name);
    if (kept !== undefined && load.has(kept) && load.get(kept)! < perNode) place(name, kept);
  }
  for (const name of peerNames) {
    if (pins.has(name)) continue;
    const [best] = [...load.entries()].sort((a, b) => a[1] - b[1]);
    place(name, best![0]);
  }
  return new Map(peerNames.map((n) => [n, pins.get(n)!]));
}
