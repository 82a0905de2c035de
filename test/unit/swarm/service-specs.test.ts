import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load-stack.js';
import { selectStack } from '../../../src/core/stack-context.js';
import type { SwarmNode } from '../../../src/docker/swarm-types.js';
import { buildSwarmServices, type SwarmSpecInput } from '../../../src/swarm/service-specs.js';
import { pinPeers, swarmServiceName } from '../../../src/swarm/swarm-layout.js';

const node = (id: string, over: Partial<SwarmNode> = {}): SwarmNode => ({ id, hostname: `host-${id}`, role: 'worker', availability: 'active', state: 'ready', ...over });

async function input(pinsFor: SwarmNode[] = []): Promise<SwarmSpecInput> {
  const stack = await loadStack({ file: 'compose/docker-compose.monitoring.yml', envFile: 'test/fixtures/compose/empty.env', env: { ISH_MONITOR_PROJECT: 'mon' } });
  const ctx = selectStack(stack, []);
  const names = (service: string, n: number) => Array.from({ length: n }, (_, i) => `mon_${service}-${i + 1}`);
  const pins = new Map([...pinPeers(names('prometheus', 2), pinsFor, new Map()), ...pinPeers(names('alertmanager', 3), pinsFor, new Map())]);
  return { project: 'mon', workingDir: stack.workingDir, services: ctx.services, networkNames: ctx.networkNames, files: new Map(), pins, portStep: 100 };
}

const byName = (specs: ReturnType<typeof buildSwarmServices>) => new Map(specs.map((s) => [s.body.Name, s]));

describe('buildSwarmServices', () => {
  it('makes Prometheus an HA pair with distinct replica labels, own volumes and own ports', async () => {
    const specs = byName(buildSwarmServices(await input()));
    const [p1, p2] = [specs.get('mon_prometheus-1')!, specs.get('mon_prometheus-2')!];
    expect(p1.body.TaskTemplate.ContainerSpec.Env).toContain('ISH_MONITOR_REPLICA=prometheus-1');
    expect(p2.body.TaskTemplate.ContainerSpec.Env).toContain('ISH_MONITOR_REPLICA=prometheus-2');
    const volume = (s: typeof p1) => s.body.TaskTemplate.ContainerSpec.Mounts.find((m) => m.Target === '/prometheus')!.Source;
    expect([volume(p1), volume(p2)]).toEqual(['mon_prometheus_data-1', 'mon_prometheus_data-2']);
    expect(p1.body.EndpointSpec.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 9090, PublishedPort: 9090, PublishMode: 'host' }]);
    expect(p2.body.EndpointSpec.Ports[0]!.PublishedPort).toBe(9190);
    expect(p1.body.TaskTemplate.Networks).toEqual([{ Target: 'mon_monitoring', Aliases: ['prometheus-1', 'prometheus'] }]);
  });

  it('makes AlertManager three gossiping peers, each joining the other two and reached by task address', async () => {
    const specs = byName(buildSwarmServices(await input()));
    const am2 = specs.get('mon_alertmanager-2')!.body;
    const args = am2.TaskTemplate.ContainerSpec.Args!;
    expect(args).toContain('--cluster.listen-address=0.0.0.0:9094');
    expect(args.filter((a) => a.startsWith('--cluster.peer='))).toEqual(['--cluster.peer=alertmanager-1:9094', '--cluster.peer=alertmanager-3:9094']);
    expect(args).not.toContain('--cluster.listen-address=');
    expect(am2.TaskTemplate.ContainerSpec.Command!.slice(-2)).toEqual(['/bin/sh', '/etc/alertmanager/run.sh']);
    expect(am2.EndpointSpec.Mode).toBe('dnsrr');
    expect(am2.TaskTemplate.ContainerSpec.Hostname).toBe('alertmanager-2');
    expect([1, 2, 3].map((i) => specs.get(`mon_alertmanager-${i}`)!.body.EndpointSpec.Ports[0]!.PublishedPort)).toEqual([9093, 9193, 9293]);
  });

  it('runs node-exporter on every node, blackbox and Grafana as one replicated task each', async () => {
    const specs = byName(buildSwarmServices(await input()));
    expect(specs.get('mon_node-exporter')!.body.Mode).toEqual({ Global: {} });
    expect(specs.get('mon_blackbox-exporter')!.body.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(specs.get('mon_grafana')!.body.Mode).toEqual({ Replicated: { Replicas: 1 } });
  });

  it('rolls updates one task at a time, rolls back on failure, and keeps health checks', async () => {
    for (const { body } of buildSwarmServices(await input())) {
      expect(body.UpdateConfig).toMatchObject({ Parallelism: 1, FailureAction: 'rollback' });
      expect(body.UpdateConfig.Monitor).toBeGreaterThan(0);
      expect(body.RollbackConfig.Parallelism).toBe(1);
      expect(body.TaskTemplate.ContainerSpec.Healthcheck?.Test.length).toBeGreaterThan(0);
      expect(body.TaskTemplate.ContainerSpec.Healthcheck).not.toHaveProperty('StartInterval');
    }
  });

  it('labels services, tasks and volumes with the project as docker stack does, and a spec hash', async () => {
    const specs = buildSwarmServices(await input());
    for (const { body, hash } of specs) {
      expect(body.Labels['com.docker.stack.namespace']).toBe('mon');
      expect(body.Labels['io.ish-monitor.swarm.spec-hash']).toBe(hash);
      expect(body.TaskTemplate.ContainerSpec.Labels['com.docker.stack.namespace']).toBe('mon');
      // Task containers are not compose containers: compose-mode commands must not act on them.
      expect(body.TaskTemplate.ContainerSpec.Labels).not.toHaveProperty('com.docker.compose.project');
      for (const m of body.TaskTemplate.ContainerSpec.Mounts) if (m.Type === 'volume') expect(m.VolumeOptions?.Labels['com.docker.stack.namespace']).toBe('mon');
    }
  });

  it('hashes equal inputs equally and a changed input differently', async () => {
    const a = buildSwarmServices(await input());
    const b = buildSwarmServices(await input());
    expect(a.map((s) => s.hash)).toEqual(b.map((s) => s.hash));
    const changed = await input();
    changed.portStep = 10;
    const c = byName(buildSwarmServices(changed));
    expect(c.get('mon_prometheus-2')!.hash).not.toBe(byName(a).get('mon_prometheus-2')!.hash);
    expect(c.get('mon_grafana')!.hash).toBe(byName(a).get('mon_grafana')!.hash);
  });
});

describe('multi-node placement', () => {
  it('spreads every replicated service over nodes and pins HA peers to distinct nodes', async () => {
    const nodes = [node('a'), node('b'), node('c')];
    const specs = byName(buildSwarmServices(await input(nodes)));
    const pinOf = (name: string) => specs.get(name)!.body.TaskTemplate.Placement.Constraints;
    expect(new Set([pinOf('mon_prometheus-1')[0], pinOf('mon_prometheus-2')[0]]).size).toBe(2);
    expect(new Set([1, 2, 3].map((i) => pinOf(`mon_alertmanager-${i}`)[0])).size).toBe(3);
    expect(pinOf('mon_alertmanager-1')[0]).toMatch(/^node\.id == [abc]$/);
    expect(specs.get('mon_grafana')!.body.TaskTemplate.Placement).toEqual({ Constraints: [], Preferences: [{ Spread: { SpreadDescriptor: 'node.id' } }] });
    expect(specs.get('mon_node-exporter')!.body.TaskTemplate.Placement.Preferences).toEqual([]);
  });

  it('pins nothing on a single node, so a lone node runs every peer', async () => {
    const specs = buildSwarmServices(await input([node('a')]));
    expect(specs.every((s) => s.body.TaskTemplate.Placement.Constraints.length === 0)).toBe(true);
  });
});

describe('pinPeers', () => {
  const peers = ['p-1', 'p-2', 'p-3'];

  it('shares nodes evenly when there are fewer nodes than peers', () => {
    const pins = pinPeers(peers, [node('a'), node('b')], new Map());
    expect([...pins.values()].sort()).toEqual(['a', 'a', 'b']);
  });

  it('keeps a peer on its node (its volume lives there) and moves only the peer whose node left', () => {
    const before = new Map([['p-1', 'c'], ['p-2', 'a'], ['p-3', 'b']]);
    const pins = pinPeers(peers, [node('a'), node('b'), node('c', { availability: 'drain' }), node('d')], before);
    expect(pins.get('p-2')).toBe('a');
    expect(pins.get('p-3')).toBe('b');
    expect(pins.get('p-1')).toBe('d');
  });

  it('ignores nodes that are down or drained', () => {
    const pins = pinPeers(['x-1', 'x-2'], [node('a'), node('b', { state: 'down' }), node('c')], new Map());
    expect([...pins.values()].sort()).toEqual(['a', 'c']);
  });

  it('names peer services like docker stack deploy: <project>_<service>-<n>', async () => {
    const { services } = await input();
    const am = services.find((s) => s.name === 'alertmanager')!;
    const grafana = services.find((s) => s.name === 'grafana')!;
    expect(swarmServiceName('mon', am, 2)).toBe('mon_alertmanager-2');
    expect(swarmServiceName('mon', grafana, 1)).toBe('mon_grafana');
  });
});
