import type { ContainerSummary, DockerGateway, LogReadOptions } from '../docker/types.js';
import { UsageError } from '../errors.js';
import { ComposeLabel } from '../labels.js';
import { decodeLogLines } from './log-decoder.js';
import { mergeByTime } from './merge-log-lines.js';
import { listProjectContainers } from './project-containers.js';
import { ServiceStarts } from './service-starts.js';
import { pickServices, type StackContext } from './stack-context.js';

/** One line of a service's log. */
export interface LogLine {
  service: string;
  /** Name of the container that wrote it. */
  container: string;
  stream: 'stdout' | 'stderr';
  /** The engine's timestamp of the line: RFC 3339, UTC, nanoseconds. */
  time: string;
  line: string;
}

/** Where streamLogs delivers: lines are results, notes are diagnostics. */
export interface LogsSink {
  /** A line; a returned promise is awaited before the next one (backpressure). */
  line(l: LogLine): void | Promise<void>;
  /** A diagnostic: a service not deployed, stopped, or started again. */
  note(text: string): void;
}

/** What to show. Times are Unix nanoseconds. */
export interface LogsOptions {
  /** Services to show; all selected ones when empty. */
  services: string[];
  /** Keep following, across restarts and recreations, until `signal` aborts or `until` passes. */
  follow: boolean;
  /** Only the last N lines of each service (before following); all when undefined. */
  tail?: number;
  since?: bigint;
  until?: bigint;
  /** Ends reading and following cleanly (Ctrl-C, a closed pipe). */
  signal?: AbortSignal;
  /** Clock, to know whether `until` has passed and when to stop following; Date.now by default. */
  now?: () => number;
}

/** What streamLogs showed. */
export interface LogsResult {
  project: string;
  /** Services with a container whose lines were shown. */
  services: string[];
  /** Named (or selected) services without any container. */
  notDeployed: string[];
}

/** How far a container's log has been read: the time of the last line and how many lines had it. */
interface Cursor {
  /** Undefined while its log was empty: then every line it gets is new. */
  time?: bigint;
  count: number;
}

interface Session {
  ctx: StackContext;
  gateway: DockerGateway;
  opts: LogsOptions;
  sink: LogsSink;
  signal: AbortSignal;
  cursors: Map<string, Cursor>;
}

// A container still listed as running whose stream ended at once is re-read after this pause, not in a loop.
const rereadPauseMs = 250;
// setTimeout fires at once beyond this; an `until` further away than ~24 days is as good as none.
const maxTimerMs = 2 ** 31 - 1;

/**
 * Shows the services' logs: each service's last lines (all, or `tail`) in time order across
 * services; with `follow`, then every new line as it comes, re-attaching when a container restarts
 * or is replaced by a new one of the same service (resuming after the last line shown, so nothing is
 * shown twice). Throws UsageError for unknown services or when none of them is deployed, and
 * DockerUnreachableError when the engine does not answer or goes away while following.
 */
export async function streamLogs(ctx: StackContext, gateway: DockerGateway, opts: LogsOptions, sink: LogsSink): Promise<LogsResult> {
  const wanted = pickServices(ctx, opts.services).map((s) => s.name);
  const now = opts.now ?? Date.now;
  const nowNs = () => BigInt(now()) * 1_000_000n;
  await gateway.ping();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  // Nothing can come after an `until` that has passed: that is a plain read.
  const follow = opts.follow && (opts.until === undefined || opts.until > nowNs());
  let untilTimer: NodeJS.Timeout | undefined;
  try {
    // Subscribed before the containers are listed, so a start in between is not missed.
    const starts = follow
      ? new ServiceStarts(await gateway.watchContainerEvents({ [ComposeLabel.project]: ctx.project }, ['start'], stop.signal))
      : undefined;
    const containers = await listProjectContainers(gateway, ctx.project);
    const current = new Map<string, ContainerSummary>();
    for (const s of wanted) {
      const c = pickContainer(containers, s);
      if (c) current.set(s, c);
    }
    const notDeployed = wanted.filter((s) => !current.has(s));
    if (current.size === 0) throw notDeployedError(ctx.project, notDeployed, opts.services.length > 0);
    for (const s of notDeployed) sink.note(`service ${s} is not deployed in project ${ctx.project}${follow ? '; its lines will follow if it starts' : ''}`);
    const session: Session = { ctx, gateway, opts, sink, signal: stop.signal, cursors: new Map() };
    // `--tail 0` still reads the last line, unshown, so that the cursor knows where the log stood.
    const tail = opts.tail === 0 ? 1 : opts.tail;
    const backlog = [...current].map(([service, c]) => readLines(session, service, c, { follow: false, tail, since: opts.since, until: opts.until }, opts.tail === 0 ? 1 : 0));
    for await (const { line } of mergeByTime(backlog)) {
      if (stop.signal.aborted) break;
      await sink.line(line);
    }
    if (starts && !stop.signal.aborted) {
      if (opts.until !== undefined) {
        const ms = Number((opts.until - nowNs()) / 1_000_000n) + 1;
        if (ms < maxTimerMs) untilTimer = setTimeout(() => stop.abort(), ms);
      }
      await followAll(session, wanted, new Set(notDeployed), starts, stop);
    }
    return { project: ctx.project, services: [...current.keys()], notDeployed };
  } finally {
    clearTimeout(untilTimer);
    opts.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}

/** Follows every service until `stop` aborts; the first error (engine gone) stops all and is thrown. */
async function followAll(s: Session, services: string[], notDeployed: Set<string>, starts: ServiceStarts, stop: AbortController): Promise<void> {
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    stop.abort();
  };
  starts.done.catch(fail);
  await Promise.all(services.map((service) => followService(s, service, starts, notDeployed.has(service)).catch(fail)));
  if (failure) throw failure.error;
}

/** Follows one service: its current container while it runs, then the next one that starts. */
async function followService(s: Session, service: string, starts: ServiceStarts, alreadyNoted: boolean): Promise<void> {
  let waiting = alreadyNoted;
  while (!s.signal.aborted) {
    const generation = starts.generation(service);
    const c = pickContainer(await listProjectContainers(s.gateway, s.ctx.project), service);
    if (s.signal.aborted) return;
    const cursor = c && s.cursors.get(c.id);
    // A container is read while it runs, and once if it is new to us and has run (a created one has no log yet).
    if (c && (isUp(c) || (!cursor && c.state !== 'created'))) {
      if (waiting) s.sink.note(`${service}: container ${c.name} ${cursor ? 'started again' : 'started'}; following it`);
      waiting = false;
      let shown = 0;
      for await (const { line } of readLines(s, service, c, { follow: true, since: later(s.opts.since, cursor?.time), until: s.opts.until })) {
        await s.sink.line(line);
        shown++;
      }
      if (shown === 0) await pause(rereadPauseMs, s.signal);
      continue;
    }
    if (!waiting) s.sink.note(`${service}: ${c ? `container ${c.name} ${c.state}` : 'no container'}; waiting for it to start`);
    waiting = true;
    await starts.waitForStart(service, generation);
  }
}

/**
 * A container's lines, as they come. The first read of a container records a cursor; a later read
 * (after a restart) starts at the cursor and skips the lines it already read at that exact time.
 * The first `hide` lines move the cursor but are not yielded.
 */
async function* readLines(s: Session, service: string, c: ContainerSummary, read: LogReadOptions, hide = 0): AsyncIterable<{ time: bigint; line: LogLine }> {
  const previous = s.cursors.get(c.id);
  const cursor: Cursor = previous ?? { count: 0 };
  s.cursors.set(c.id, cursor);
  const skipBefore = previous?.time;
  let skipAtCursor = previous?.time !== undefined ? previous.count : 0;
  const chunks = await s.gateway.readContainerLogs(c.id, read, s.signal);
  for await (const raw of decodeLogLines(chunks)) {
    if (skipBefore !== undefined && (raw.time < skipBefore || (raw.time === skipBefore && skipAtCursor-- > 0))) continue;
    if (raw.time === cursor.time) cursor.count++;
    else {
      cursor.time = raw.time;
      cursor.count = 1;
    }
    if (hide > 0 && hide--) continue;
    yield { time: raw.time, line: { service, container: c.name, stream: raw.stream, time: raw.timestamp, line: raw.text } };
  }
}

/** The service's container to show: a running one first, then the newest. */
export function pickContainer(containers: ContainerSummary[], service: string): ContainerSummary | undefined {
  return containers
    .filter((c) => c.labels[ComposeLabel.service] === service)
    .sort((a, b) => Number(isUp(b)) - Number(isUp(a)) || b.createdAt.getTime() - a.createdAt.getTime())[0];
}

function isUp(c: ContainerSummary): boolean {
  return c.state === 'running' || c.state === 'paused';
}

function later(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function notDeployedError(project: string, services: string[], named: boolean): UsageError {
  const what = !named ? `nothing is deployed in project ${project}` : `${services.length === 1 ? 'service' : 'services'} ${services.join(', ')} ${services.length === 1 ? 'is' : 'are'} not deployed in project ${project}`;
  return new UsageError(what, 'run `ish-monitor deploy` first (or check -p/--project-name and -f/--file)');
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
