import { describe, expect, it } from 'vitest';
import { silentProgress } from '../../../src/core/progress.js';
import { swarmBackupSource } from '../../../src/core/swarm-backup-source.js';
import type { SwarmGateway, SwarmService } from '../../../src/docker/swarm-types.js';
import type { ContainerSummary, DockerGateway } from '../../../src/docker/types.js';
import { systemClock } from '../../../src/health/clock.js';
import { SwarmLabel } from '../../../src/swarm/swarm-labels.js';

const service = (name: string, compose: string, peer: number, volume?: string): SwarmService =>
  ({ id: `sid-${name}`, name: `p_${name}`, version: 1, labels: { [SwarmLabel.service]: compose, [SwarmLabel.peer]: String(peer) }, spec: { TaskTemplate: { ContainerSpec: { Mounts: volume ? [{ Type: 'volume', Source: `p_${volume}`, Target: '/data', ReadOnly: false }] : [] } } } }) as unknown as SwarmService;
const task = (name: string, compose: string, peer: number, state = 'running'): ContainerSummary =>
  ({ id: `cid-${name}`, name: `p_${name}.1.x`, image: 'img:1', imageId: 'sha256:i', state, labels: { 'com.docker.swarm.service.id': `sid-${name}`, [SwarmLabel.service]: compose, [SwarmLabel.peer]: String(peer) } }) as unknown as ContainerSummary;

/** FAKE engine: the listings the source reads (a manager with these services and task containers). */
function fake(services: SwarmService[], tasks: ContainerSummary[]) {
  const swarm = { membership: async () => ({ state: 'active', manager: true, nodeId: 'n' }), listServices: async () => services } as unknown as SwarmGateway;
  const gateway = { endpoint: 'unix:///fake', listContainers: async () => tasks } as unknown as DockerGateway;
  return { swarm, gateway };
}

describe('swarmBackupSource', () => {
  it('picks the highest-numbered peer running on this node, names it, and records its own volume', async () => {
    const services = [service('prometheus-1', 'prometheus', 1, 'prometheus_data-1'), service('prometheus-2', 'prometheus', 2, 'prometheus_data-2'), service('alertmanager-1', 'alertmanager', 1), service('alertmanager-3', 'alertmanager', 3)];
    // alertmanager-3's task is not running here: alertmanager-1 is the one.
    const tasks = [task('prometheus-1', 'prometheus', 1), task('prometheus-2', 'prometheus', 2), task('alertmanager-1', 'alertmanager', 1), task('alertmanager-3', 'alertmanager', 3, 'exited')];
    const { swarm, gateway } = fake(services, tasks);
    const source = await swarmBackupSource('p', gateway, swarm, silentProgress, { clock: systemClock });
    expect(source.containers.map((c) => [c.labels['com.docker.compose.service'], c.id])).toEqual([['prometheus', 'cid-prometheus-2'], ['alertmanager', 'cid-alertmanager-1']]);
    expect(source.origins.get('prometheus')).toBe('swarm service p_prometheus-2 (peer 2, task container p_prometheus-2.1.x)');
    expect(source.engineVolume('prometheus', 'prometheus_data')).toBe('p_prometheus_data-2');
    expect(source.snapshots).toBe(false);
  });
});
