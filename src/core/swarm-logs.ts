import { setMaxListeners } from 'node:events';
import type { ServiceSpec } from '../compose/types.js';
import type { SwarmGateway, SwarmService } from '../docker/swarm-types.js';
import { UsageError } from '../errors.js';
import { swarmFilter, SwarmLabel } from '../swarm/swarm-labels.js';
import { compareText } from './compare-text.js';
import { decodeLogLines, type RawLogLine } from './log-decoder.js';
import { mergeByTime } from './merge-log-lines.js';
import { requireManager } from './require-manager.js';
import type { LogLine, LogsOptions, LogsResult, LogsSink } from './stream-logs.js';

// setTimeout fires at once beyond this; an `until` further away than ~24 days is as good as none.
const maxTimerMs = 2 ** 31 - 1;

/** The Swarm services (every peer) of the named compose services, by name; exit 80 on no swarm manager, UsageError when none is deployed. */
export async function swarmLogTargets(project: string, services: ServiceSpec[], swarm: SwarmGateway, endpoint: string): Promise<SwarmService[]> {
  await requireManager(swarm, endpoint);
  const wanted = new Set(services.map((s) => s.name));
  const targets = (await swarm.listServices(swarmFilter(project))).filter((s) => wanted.has(s.labels[SwarmLabel.service] ?? '')).sort((a, b) => compareText(a.name, b.name));
  if (targets.length === 0) throw new UsageError(`none of ${[...wanted].join(', ')} is deployed on the swarm for project ${project}`, 'run `ish-monitor deploy --swarm` first');
  return targets;
}

const asLine = (service: string, l: RawLogLine): LogLine => ({ service, container: service, stream: l.stream, time: l.timestamp, line: l.text });

/**
 * The logs of Swarm services (all tasks of each, through the engine's service-logs API), delivered
 * as `logs` delivers plain containers' lines, the service being the Swarm service (`<project>_<peer>`):
 * without `follow` merged in time order (each service keeps its own order); with `follow` every
 * service's lines as they come until `signal` aborts or `until` passes. `since` goes to the engine,
 * `until` (which the service-logs API does not take) is applied here.
 */
export async function streamSwarmLogs(project: string, compose: ServiceSpec[], targets: SwarmService[], swarm: SwarmGateway, opts: LogsOptions, sink: LogsSink): Promise<LogsResult> {
  const now = opts.now ?? Date.now;
  const stop = new AbortController();
  // Each engine stream listens for the abort (the request and its body): two per service.
  setMaxListeners(10 + 2 * targets.length, stop.signal);
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  const until = opts.until;
  const follow = opts.follow && (until === undefined || until > BigInt(now()) * 1_000_000n);
  let timer: NodeJS.Timeout | undefined;
  if (follow && until !== undefined) {
    const ms = Number((until - BigInt(now()) * 1_000_000n) / 1_000_000n) + 1;
    if (ms < maxTimerMs) timer = setTimeout(() => stop.abort(), ms);
  }
  const deployed = new Set(targets.map((s) => s.labels[SwarmLabel.service] ?? ''));
  const notDeployed = compose.map((s) => s.name).filter((n) => !deployed.has(n));
  for (const n of notDeployed) sink.note(`service ${n} is not deployed on the swarm for project ${project}`);
  const inRange = (l: RawLogLine) => (opts.since === undefined || l.time >= opts.since) && (until === undefined || l.time <= until);
  try {
    const sources = await Promise.all(
      targets.map(async (s) => ({ name: s.name, lines: decodeLogLines(await swarm.readServiceLogs(s.id, { follow, ...(opts.tail !== undefined ? { tail: opts.tail } : {}), ...(opts.since !== undefined ? { since: opts.since } : {}) }, stop.signal)) })),
    );
    if (!follow) {
      const tagged = sources.map(async function* ({ name, lines }) {
        for await (const l of lines) yield { ...l, service: name };
      });
      for await (const l of mergeByTime(tagged)) {
        if (stop.signal.aborted) break;
        if (inRange(l)) await sink.line(asLine(l.service, l));
      }
    } else {
      // One writer at a time, in arrival order: each service's lines stay in their order.
      let written: Promise<void> = Promise.resolve();
      await Promise.all(
        sources.map(async ({ name, lines }) => {
          for await (const l of lines) {
            if (stop.signal.aborted || (until !== undefined && l.time > until)) break;
            if (!inRange(l)) continue;
            written = written.then(() => sink.line(asLine(name, l)));
            await written;
          }
        }),
      );
    }
    return { project, services: targets.map((s) => s.name), notDeployed };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
