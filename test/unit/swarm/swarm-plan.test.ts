import { describe, expect, it } from 'vitest';
import type { SwarmNode, SwarmService, SwarmServiceBody, SwarmTask } from '../../../src/docker/swarm-types.js';
import type { SwarmServiceDesired } from '../../../src/swarm/service-specs.js';
import { serviceStates } from '../../../src/swarm/service-state.js';
import { planSwarm, referencedObjects } from '../../../src/swarm/swarm-plan.js';

const body = (name: string, configs: string[] = [], secrets: string[] = []): SwarmServiceBody =>
  ({
    Name: name,
    Labels: {},
    TaskTemplate: {
      ContainerSpec: {
        Image: 'x:1',
        Labels: {},
        Env: [],
        Mounts: [],
        Configs: configs.map((c) => ({ File: { Name: `/etc/${c}`, UID: '0', GID: '0', Mode: 0o444 }, ConfigName: c })),
        Secrets: secrets.map((c) => ({ File: { Name: `/run/${c}`, UID: '0', GID: '0', Mode: 0o400 }, SecretName: c })),
        StopGracePeriod: 0,
      },
    },
  }) as unknown as SwarmServiceBody;

const desired = (name: string, hash: string): SwarmServiceDesired => ({ service: name, peer: 1, hash, body: body(`p_${name}`) });
const actual = (name: string, hash: string, over: Partial<SwarmService> = {}): SwarmService => ({
  id: `id-${name}`,
  name: `p_${name}`,
  version: 7,
  labels: { 'io.ish-monitor.swarm.spec-hash': hash, 'io.ish-monitor.swarm.service': name.replace(/-\d$/, ''), 'io.ish-monitor.swarm.peer': name.match(/-(\d)$/)?.[1] ?? '1' },
  spec: body(`p_${name}`),
  replicas: 1,
  ...over,
});

describe('planSwarm', () => {
  it('creates what is missing, updates what changed, keeps the rest, and creates only new object versions', () => {
    const plan = planSwarm({
      desired: [desired('grafana', 'h1'), desired('prometheus-1', 'h2'), desired('blackbox-exporter', 'h3')],
      files: new Map([
        ['p_a_111', { kind: 'config', name: 'p_a_111', data: Buffer.from('a') }],
        ['p_b_222', { kind: 'secret', name: 'p_b_222', data: Buffer.from('b') }],
      ]),
      actual: [actual('grafana', 'h1'), actual('prometheus-1', 'old')],
      existingObjects: [{ id: 'c1', name: 'p_a_111', labels: {} }],
      networkExists: true,
    });
    expect(plan.services.map((s) => `${s.name} ${s.action}`)).toEqual(['p_grafana keep', 'p_prometheus-1 update', 'p_blackbox-exporter create']);
    expect(plan.services[1]!.current?.version).toBe(7);
    expect(plan.objectsToCreate.map((o) => o.name)).toEqual(['p_b_222']);
    expect(plan.createNetwork).toBe(false);
  });

  it('lists the configs and secrets a spec refers to', () => {
    expect(referencedObjects(body('x', ['c1', 'c2'], ['s1']))).toEqual(['c1', 'c2', 's1']);
  });
});

describe('serviceStates', () => {
  const nodes: SwarmNode[] = [{ id: 'n1', hostname: 'alpha', role: 'manager', availability: 'active', state: 'ready' }];
  const task = (service: string, state: string, desiredState = 'running', updatedAt = '2026-01-01T00:00:01Z'): SwarmTask => ({ id: `${service}-${state}-${updatedAt}`, serviceId: `id-${service}`, nodeId: 'n1', desiredState, state, message: state === 'failed' ? 'task: non-zero exit (137)' : '', updatedAt });

  it('counts running against desired tasks and shows the last failed task after the wanted ones', () => {
    const [s] = serviceStates([actual('prometheus-2', 'h')], [task('prometheus-2', 'failed', 'shutdown', '2026-01-01T00:00:05Z'), task('prometheus-2', 'starting')], nodes);
    expect(s).toMatchObject({ name: 'p_prometheus-2', service: 'prometheus', peer: 2, desired: 1, running: 0, rolledBack: false, converging: false });
    expect(s!.tasks.map((t) => `${t.node} ${t.state}`)).toEqual(['alpha starting', 'alpha failed']);
    expect(s!.tasks[1]!.message).toBe('task: non-zero exit (137)');
  });

  it('wants one task per eligible node of a global service, and names a rollback and a rolling update', () => {
    const global = actual('node-exporter', 'h');
    delete global.replicas;
    const states = serviceStates(
      [global, actual('blackbox-exporter', 'h', { updateState: 'rollback_completed', updateMessage: 'update rolled back due to failure or early termination of task' }), actual('grafana', 'h', { updateState: 'updating' })],
      [task('node-exporter', 'running'), task('blackbox-exporter', 'running'), task('grafana', 'running')],
      nodes,
    );
    expect(states.map((s) => `${s.name} ${s.running}/${s.desired} rolledBack=${s.rolledBack} converging=${s.converging}`)).toEqual([
      'p_blackbox-exporter 1/1 rolledBack=true converging=false',
      'p_grafana 1/1 rolledBack=false converging=true',
      'p_node-exporter 1/1 rolledBack=false converging=false',
    ]);
  });
});
