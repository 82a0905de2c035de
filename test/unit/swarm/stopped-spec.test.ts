import { describe, expect, it } from 'vitest';
import type { SwarmService, SwarmServiceBody } from '../../../src/docker/swarm-types.js';
import { SwarmLabel } from '../../../src/swarm/swarm-labels.js';
import { planSwarm } from '../../../src/swarm/swarm-plan.js';
import { noNodeConstraint, startedBody, stoppedAs, stoppedBody, unstoppedBody } from '../../../src/swarm/stopped-spec.js';

const spec = (mode: SwarmServiceBody['Mode'], constraints: string[] = []): SwarmServiceBody =>
  ({ Name: 'p_x', Labels: { [SwarmLabel.specHash]: 'h' }, TaskTemplate: { ContainerSpec: {}, Placement: { Constraints: constraints, Preferences: [] } }, Mode: mode }) as unknown as SwarmServiceBody;
const service = (body: SwarmServiceBody, replicas?: number): SwarmService => ({ id: 'id', name: body.Name, version: 3, labels: body.Labels, spec: body, ...(replicas !== undefined ? { replicas } : {}) });
const asService = (body: SwarmServiceBody) => service(body, 'Replicated' in body.Mode ? body.Mode.Replicated.Replicas : undefined);

describe('stop --swarm specs', () => {
  it('scales a replicated service to 0 and records the replicas it had, keeping its spec hash', () => {
    const body = stoppedBody(service(spec({ Replicated: { Replicas: 2 } }), 2));
    expect(body.Mode).toEqual({ Replicated: { Replicas: 0 } });
    expect(body.Labels).toEqual({ [SwarmLabel.specHash]: 'h', [SwarmLabel.stopped]: '2' });
    expect(stoppedAs({ labels: body.Labels })).toBe(2);
  });

  it('keeps a global service global, constrained to a node that does not exist, and records `global`', () => {
    const body = stoppedBody(service(spec({ Global: {} }, ['node.role == manager'])));
    expect(body.Mode).toEqual({ Global: {} });
    expect(body.TaskTemplate.Placement.Constraints).toEqual(['node.role == manager', noNodeConstraint]);
    expect(stoppedAs({ labels: body.Labels })).toBe('global');
  });

  it('unstoppedBody gives back exactly the spec the stop changed (restart --swarm)', () => {
    for (const original of [spec({ Replicated: { Replicas: 3 } }, ['node.id == n1']), spec({ Global: {} }, ['node.role == manager'])]) {
      expect(unstoppedBody(asService(stoppedBody(asService(original))))).toEqual(original);
    }
  });

  it('startedBody puts the recorded replicas on the generated spec', () => {
    expect(startedBody(spec({ Replicated: { Replicas: 1 } }), 2).Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(startedBody(spec({ Global: {} }), 'global').TaskTemplate.Placement.Constraints).toEqual([]);
  });

  it('a service that is not stopped has no record; deploy plans `start` for a stopped one even when its hash is equal', () => {
    expect(stoppedAs({ labels: {} })).toBeUndefined();
    const stopped = asService(stoppedBody(service(spec({ Replicated: { Replicas: 1 } }), 1)));
    const plan = planSwarm({ desired: [{ service: 'x', peer: 1, hash: 'h', body: spec({ Replicated: { Replicas: 1 } }) }], files: new Map(), actual: [stopped], existingObjects: [], networkExists: true });
    expect(plan.services.map((s) => [s.action, s.reason])).toEqual([['start', 'stopped by stop --swarm (1 replica)']]);
  });
});
