import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/compose/types.js';
import type { LogLine } from '../../../src/core/stream-logs.js';
import { streamSwarmLogs, swarmLogTargets } from '../../../src/core/swarm-logs.js';
import type { SwarmGateway, SwarmService } from '../../../src/docker/swarm-types.js';
import { parseRfc3339 } from '../../../src/core/log-time.js';
import { SwarmLabel } from '../../../src/swarm/swarm-labels.js';
import { frame } from '../../support/log-frame.js';

const svc = (name: string, service: string): SwarmService => ({ id: `id-${name}`, name, version: 1, labels: { [SwarmLabel.service]: service }, spec: {} as SwarmService['spec'] });
const targets = [svc('p_prometheus-1', 'prometheus'), svc('p_prometheus-2', 'prometheus')];
const compose = [{ name: 'prometheus' }, { name: 'grafana' }] as ServiceSpec[];

/** FAKE engine: the service-logs calls only, each service's log a list of (time, text) frames in one chunk. */
function fakeSwarm(logs: Record<string, [string, string][]>, asked: unknown[] = []): SwarmGateway {
  return {
    async readServiceLogs(id: string, opts: unknown) {
      asked.push({ id, opts });
      const bytes = Buffer.concat((logs[id] ?? []).map(([t, text]) => frame(1, `${t} ${text}\n`)));
      return (async function* () {
        yield bytes;
      })();
    },
  } as unknown as SwarmGateway;
}

const collect = async (swarm: SwarmGateway, opts: { since?: string; until?: string; follow?: boolean }) => {
  const lines: LogLine[] = [];
  const notes: string[] = [];
  const r = await streamSwarmLogs('p', compose, targets, swarm, { services: [], follow: opts.follow ?? false, ...(opts.since ? { since: parseRfc3339(opts.since)! } : {}), ...(opts.until ? { until: parseRfc3339(opts.until)! } : {}), now: () => Date.parse('2026-01-01T00:10:00Z') }, { line: (l) => void lines.push(l), note: (n) => void notes.push(n) });
  return { r, lines: lines.map((l) => `${l.service} ${l.line}`), notes };
};

const logs: Record<string, [string, string][]> = {
  'id-p_prometheus-1': [['2026-01-01T00:00:01.000000001Z', 'a1'], ['2026-01-01T00:00:03Z', 'a3'], ['2026-01-01T00:00:05Z', 'a5']],
  'id-p_prometheus-2': [['2026-01-01T00:00:02Z', 'b2'], ['2026-01-01T00:00:04Z', 'b4']],
};

describe('streamSwarmLogs', () => {
  it('merges the peers in time order, names each line by its Swarm service, and notes services not on the swarm', async () => {
    const { r, lines, notes } = await collect(fakeSwarm(logs), {});
    expect(lines).toEqual(['p_prometheus-1 a1', 'p_prometheus-2 b2', 'p_prometheus-1 a3', 'p_prometheus-2 b4', 'p_prometheus-1 a5']);
    expect(r).toEqual({ project: 'p', services: ['p_prometheus-1', 'p_prometheus-2'], notDeployed: ['grafana'] });
    expect(notes).toEqual(['service grafana is not deployed on the swarm for project p']);
  });

  it('passes --since to the engine and keeps only lines up to --until (which the service-logs API does not take)', async () => {
    const asked: unknown[] = [];
    const { lines } = await collect(fakeSwarm(logs, asked), { since: '2026-01-01T00:00:02Z', until: '2026-01-01T00:00:04Z' });
    expect(lines).toEqual(['p_prometheus-2 b2', 'p_prometheus-1 a3', 'p_prometheus-2 b4']);
    expect(asked).toContainEqual({ id: 'id-p_prometheus-1', opts: { follow: false, since: parseRfc3339('2026-01-01T00:00:02Z') } });
  });

  it('does not follow past an --until that has already passed', async () => {
    const asked: { opts: { follow: boolean } }[] = [];
    await collect(fakeSwarm(logs, asked), { follow: true, until: '2026-01-01T00:00:04Z' });
    expect(asked.every((a) => a.opts.follow === false)).toBe(true);
  });
});

describe('swarmLogTargets', () => {
  /** FAKE engine: membership and the service listing only. */
  const swarmAt = (state: string, manager: boolean) => ({ membership: async () => ({ state, manager, nodeId: 'n' }), listServices: async () => [targets[1], targets[0]] }) as unknown as SwarmGateway;

  it('refuses an engine that is no swarm manager with exit 80, as the other --swarm commands', async () => {
    await expect(swarmLogTargets('p', compose, swarmAt('inactive', false), 'unix:///e')).rejects.toMatchObject({ exitCode: 80, message: expect.stringContaining('is not a swarm manager') });
  });

  it('on a manager: the peers of the named compose services, by name', async () => {
    expect((await swarmLogTargets('p', compose, swarmAt('active', true), 'unix:///e')).map((s) => s.name)).toEqual(['p_prometheus-1', 'p_prometheus-2']);
  });
});
