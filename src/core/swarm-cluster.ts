import type { SwarmGateway } from '../docker/swarm-types.js';
import { NotReadyError } from '../errors.js';
import type { Clock } from '../health/clock.js';
import { getJson } from '../health/get-json.js';
import { probeTarget } from '../health/probe-target.js';
import { loadHttpAccess, webCredentialsRef } from '../health/web-credentials.js';
import { parseClusterStatus } from './alertmanager-cluster.js';
import type { ProgressSink } from './progress.js';
import { lookAtSwarm, publishedPorts, runsOn, type SwarmLook } from './wait-for-swarm.js';

/** AlertManager's gossip cluster as one of its peers reports it, or why it could not be asked. */
export type SwarmClusterView = { peers: number; expected: number; status: string; askedAt: string } | { error: string; expected: number };

/**
 * Asks an AlertManager peer that runs on this node (`/api/v2/status`, through its published port and
 * the web config's credentials) how many peers its cluster has; undefined when AlertManager is not
 * clustered (fewer than two peer services).
 */
export async function askSwarmCluster(look: SwarmLook, publishHost: string, timeoutMs: number): Promise<SwarmClusterView | undefined> {
  const peers = look.states.filter((s) => s.service === 'alertmanager');
  if (peers.length < 2) return undefined;
  const expected = peers.length;
  const local = peers.find((p) => runsOn(p, look.localNode));
  const s = local && look.services.find((x) => x.id === local.id);
  if (!s) return { error: 'no AlertManager peer runs on this node', expected };
  const target = probeTarget(s.labels, publishedPorts(s), publishHost);
  if (!target) return { error: `${s.name} publishes no probe port`, expected };
  try {
    const answer = await getJson(`${new URL(target.url).origin}/api/v2/status`, timeoutMs, loadHttpAccess(webCredentialsRef(s.labels)));
    return { ...parseClusterStatus(answer.json), expected, askedAt: s.name };
  } catch (err) {
    return { error: `${s.name}: ${(err as Error).message}`, expected };
  }
}

/**
 * Waits until the AlertManager peers on the swarm form one cluster of all of them (they find each
 * other by name, retrying every 15 s, so this trails their readiness); NotReadyError past the deadline.
 */
export async function waitForSwarmCluster(swarm: SwarmGateway, publishHost: string, project: string, opts: { deadline: number; progress: ProgressSink; clock: Clock }): Promise<void> {
  opts.progress.begin('swarm:cluster', 'alertmanager cluster: waiting for every peer to join');
  for (;;) {
    const view = await askSwarmCluster(await lookAtSwarm(swarm, project), publishHost, 2_000);
    if (!view) return opts.progress.succeed('swarm:cluster', 'alertmanager: not clustered');
    const seen = 'error' in view ? view.error : `${view.peers} of ${view.expected} peers (${view.status})`;
    if (!('error' in view) && view.peers >= view.expected) return opts.progress.succeed('swarm:cluster', `alertmanager cluster: ${seen}`);
    if (opts.clock.now() >= opts.deadline) {
      opts.progress.fail('swarm:cluster', `alertmanager cluster: ${seen}`);
      throw new NotReadyError(`the AlertManager cluster did not form before the deadline: ${seen}`, [], `the peers join each other by name on gossip port 9094: \`docker service logs ${project}_alertmanager-1\` shows why; raise --wait-timeout if it is only slow`);
    }
    opts.progress.update('swarm:cluster', `alertmanager cluster: ${seen}`);
    await opts.clock.sleep(1_000);
  }
}
