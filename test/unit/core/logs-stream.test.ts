import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/compose/types.js';
import type { StackContext } from '../../../src/core/stack-context.js';
import { streamLogs, type LogLine, type LogsOptions } from '../../../src/core/stream-logs.js';
import type { ContainerEvent, ContainerState, ContainerSummary, DockerGateway, LogReadOptions } from '../../../src/docker/types.js';
import { DockerUnreachableError, IshError } from '../../../src/errors.js';

const PROJECT = 'p';
const MS = 1_000_000n;

interface FakeLine {
  stream: 1 | 2;
  time: bigint;
  text: string;
  run: number;
}

interface FakeContainer {
  id: string;
  service: string;
  state: ContainerState;
  run: number;
  created: number;
  lines: FakeLine[];
}

function iso(ns: bigint): string {
  return `${new Date(Number(ns / MS)).toISOString().slice(0, 19)}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

function frame(l: FakeLine): Buffer {
  const payload = Buffer.from(`${iso(l.time)} ${l.text}\n`);
  const header = Buffer.alloc(8);
  header[0] = l.stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/**
 * An engine in memory that behaves like Docker where logs are concerned: `since` is inclusive,
 * a follow stream ends when the container stops, a stopped container's follow read returns its
 * backlog and ends, events are delivered to subscribers, and a dead engine breaks every stream.
 * Frames are sent in 5-byte chunks so they arrive split.
 */
class FakeEngine {
  readonly endpoint = 'unix:///fake.sock';
  readonly publishHost = '127.0.0.1';
  readonly containers: FakeContainer[] = [];
  readonly reads: { id: string; opts: LogReadOptions }[] = [];
  clock = BigInt(Date.UTC(2025, 4, 1, 12)) * MS;
  private gone = false;
  private listeners = new Set<() => void>();
  private subscribers = new Set<(e: ContainerEvent) => void>();

  now = () => Number(this.clock / MS);

  add(service: string, id: string, state: ContainerState = 'running'): FakeContainer {
    const c: FakeContainer = { id, service, state, run: 1, created: this.containers.length, lines: [] };
    this.containers.push(c);
    return c;
  }

  /** Appends a line, 1 ms after the previous event of the engine (or at the same time with `sameTime`). */
  log(id: string, text: string, o: { stream?: 1 | 2; sameTime?: boolean } = {}): void {
    if (!o.sameTime) this.clock += MS;
    const c = this.get(id);
    c.lines.push({ stream: o.stream ?? 1, time: this.clock, text, run: c.run });
    this.changed();
  }

  stop(id: string): void {
    this.clock += MS;
    this.get(id).state = 'exited';
    this.changed();
  }

  start(id: string): void {
    this.clock += MS;
    const c = this.get(id);
    c.state = 'running';
    c.run++;
    for (const s of this.subscribers) s({ action: 'start', id, attributes: { 'com.docker.compose.service': c.service, 'com.docker.compose.project': PROJECT }, timeNano: this.clock });
    this.changed();
  }

  remove(id: string): void {
    this.containers.splice(this.containers.indexOf(this.get(id)), 1);
    this.changed();
  }

  die(): void {
    this.gone = true;
    this.changed();
  }

  gateway(): DockerGateway {
    const g: Partial<DockerGateway> = {
      endpoint: this.endpoint,
      publishHost: this.publishHost,
      ping: async () => {
        this.check();
        return;
      },
      listContainers: async () => {
        this.check();
        return this.containers.map((c) => this.summary(c));
      },
      readContainerLogs: async (id, opts, signal) => {
        this.check();
        this.reads.push({ id, opts });
        return this.read(this.get(id), opts, signal);
      },
      watchContainerEvents: async (_labels, _actions, signal) => {
        this.check();
        return this.events(signal);
      },
    };
    return g as DockerGateway;
  }

  private async *read(c: FakeContainer, opts: LogReadOptions, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const run = c.run;
    const pick = (l: FakeLine) => (opts.since === undefined || l.time >= opts.since) && (opts.until === undefined || l.time <= opts.until);
    let backlog = c.lines.filter(pick);
    if (opts.tail !== undefined) backlog = opts.tail === 0 ? [] : backlog.slice(-opts.tail);
    let sent = c.lines.length;
    yield* this.chunks(backlog);
    if (!opts.follow || c.state !== 'running') return;
    for (;;) {
      if (signal?.aborted) return;
      this.check();
      const fresh = c.lines.slice(sent).filter((l) => l.run === run && pick(l));
      sent = c.lines.length;
      yield* this.chunks(fresh);
      if (c.state !== 'running' || c.run !== run) return;
      await this.nextChange(signal);
    }
  }

  private async *events(signal?: AbortSignal): AsyncIterable<ContainerEvent> {
    const queue: ContainerEvent[] = [];
    const push = (e: ContainerEvent) => queue.push(e);
    this.subscribers.add(push);
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (signal?.aborted) return;
        this.check();
        await this.nextChange(signal);
      }
    } finally {
      this.subscribers.delete(push);
    }
  }

  private *chunks(lines: FakeLine[]): Iterable<Uint8Array> {
    const bytes = Buffer.concat(lines.map(frame));
    for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
  }

  private nextChange(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.listeners.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.listeners.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private check(): void {
    if (this.gone) throw new DockerUnreachableError(this.endpoint, 'the engine closed the connection');
  }

  private get(id: string): FakeContainer {
    const c = this.containers.find((x) => x.id === id);
    if (!c) throw new Error(`no container ${id}`);
    return c;
  }

  private summary(c: FakeContainer): ContainerSummary {
    return {
      id: c.id,
      name: `${PROJECT}-${c.service}-${c.id}`,
      image: 'img',
      imageId: 'sha256:img',
      state: c.state,
      statusText: c.state,
      labels: { 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': c.service },
      ports: [],
      createdAt: new Date(c.created * 1000),
    };
  }
}

const ctxOf = (names: string[]): StackContext => {
  const services = names.map((name) => ({ name }) as ServiceSpec);
  return { stack: { services, project: PROJECT, composeFile: '/x/docker-compose.yml' }, project: PROJECT, services, networkNames: {}, volumeNames: {} } as unknown as StackContext;
};

/** Runs streamLogs, collecting what it delivers. */
function run(engine: FakeEngine, opts: Partial<LogsOptions>, names = ['prometheus', 'grafana']) {
  const lines: LogLine[] = [];
  const notes: string[] = [];
  const waiters: { n: number; resolve(): void }[] = [];
  const promise = streamLogs(ctxOf(names), engine.gateway(), { services: [], follow: false, now: engine.now, ...opts }, {
    line: (l) => {
      lines.push(l);
      for (const w of [...waiters]) if (lines.length >= w.n) w.resolve();
    },
    note: (t) => notes.push(t),
  });
  const texts = () => lines.map((l) => `${l.service}: ${l.line}`);
  /** Resolves once `n` lines have arrived. */
  const until = (n: number) =>
    new Promise<void>((resolve, reject) => {
      if (lines.length >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`only ${lines.length} lines arrived: ${texts().join(' / ')}`)), 2000);
      waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  return { promise, lines, notes, texts, until };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

async function rejection(p: Promise<unknown>): Promise<IshError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof IshError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('streamLogs without --follow', () => {
  it('merges the services\' lines in time order, each service in its own order, and ends', async () => {
    const e = new FakeEngine();
    e.add('prometheus', 'p1');
    e.add('grafana', 'g1');
    e.log('p1', 'p one');
    e.log('g1', 'g one', { stream: 2 });
    e.log('p1', 'p two');
    e.log('g1', 'g two');
    const r = run(e, {});
    expect(await r.promise).toEqual({ project: PROJECT, services: ['prometheus', 'grafana'], notDeployed: [] });
    expect(r.texts()).toEqual(['prometheus: p one', 'grafana: g one', 'prometheus: p two', 'grafana: g two']);
    expect(r.lines[1]).toMatchObject({ stream: 'stderr', container: 'p-grafana-g1', time: iso(e.clock - 2n * MS) });
  });

  it('passes tail, since and until to the engine', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    for (let i = 1; i <= 5; i++) e.log('g1', `line ${i}`);
    const r = run(e, { services: ['grafana'], tail: 2 });
    await r.promise;
    expect(r.texts()).toEqual(['grafana: line 4', 'grafana: line 5']);
    // Both ends inclusive, as the engine has them.
    const since = run(e, { services: ['grafana'], since: e.clock - 3n * MS, until: e.clock - MS });
    await since.promise;
    expect(since.texts()).toEqual(['grafana: line 2', 'grafana: line 3', 'grafana: line 4']);
  });

  it('shows a stopped container\'s lines (why did it stop?)', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1', 'exited');
    e.log('g1', 'FATAL: cannot read the password');
    const r = run(e, { services: ['grafana'] });
    await r.promise;
    expect(r.texts()).toEqual(['grafana: FATAL: cannot read the password']);
  });

  it('notes a service that is not deployed and shows the others', async () => {
    const e = new FakeEngine();
    e.add('prometheus', 'p1');
    e.log('p1', 'ready');
    const r = run(e, {});
    expect((await r.promise).notDeployed).toEqual(['grafana']);
    expect(r.notes).toEqual(['service grafana is not deployed in project p']);
    expect(r.texts()).toEqual(['prometheus: ready']);
  });

  it('is a usage error (64) when none of the services is deployed', async () => {
    const e = new FakeEngine();
    e.add('prometheus', 'p1');
    const err = await rejection(run(e, { services: ['grafana'] }).promise);
    expect(err.exitCode).toBe(64);
    expect(err.message).toBe('service grafana is not deployed in project p');
    const all = await rejection(run(new FakeEngine(), {}).promise);
    expect(all.message).toBe('nothing is deployed in project p');
  });

  it('refuses an unknown service (64) listing the valid names, before asking the engine', async () => {
    const e = new FakeEngine();
    e.die();
    const err = await rejection(run(e, { services: ['grafna'] }).promise);
    expect(err.exitCode).toBe(64);
    expect(err.message).toBe('unknown service "grafna"');
    expect(err.hint).toContain('prometheus, grafana');
  });

  it('fails with exit 69 when the engine does not answer', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.die();
    expect((await rejection(run(e, {}).promise)).exitCode).toBe(69);
  });
});

describe('streamLogs --follow', () => {
  it('shows new lines as they come and ends cleanly when the signal aborts', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.log('g1', 'old');
    const stop = new AbortController();
    const r = run(e, { follow: true, signal: stop.signal }, ['grafana']);
    await r.until(1);
    e.log('g1', 'new');
    await r.until(2);
    stop.abort();
    expect(await r.promise).toMatchObject({ services: ['grafana'] });
    expect(r.texts()).toEqual(['grafana: old', 'grafana: new']);
  });

  it('re-attaches after a restart of the same container without repeating a line, even one with the same timestamp', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.log('g1', 'start 1');
    e.log('g1', 'twin a');
    e.log('g1', 'twin b', { sameTime: true });
    const stop = new AbortController();
    const r = run(e, { follow: true, signal: stop.signal }, ['grafana']);
    await r.until(3);
    e.stop('g1');
    await settle();
    e.start('g1');
    e.log('g1', 'start 2');
    await r.until(4);
    await settle();
    stop.abort();
    await r.promise;
    expect(r.texts()).toEqual(['grafana: start 1', 'grafana: twin a', 'grafana: twin b', 'grafana: start 2']);
    expect(r.notes).toEqual(['grafana: container p-grafana-g1 exited; waiting for it to start', 'grafana: container p-grafana-g1 started again; following it']);
    // The re-attach asked for lines from the last one shown on, not the whole log again.
    expect(e.reads.at(-1)!.opts).toMatchObject({ follow: true, since: e.containers[0]!.lines[1]!.time });
  });

  it('re-attaches when the restart happened before it looked again (no start to wait for)', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.log('g1', 'run 1');
    const stop = new AbortController();
    const r = run(e, { follow: true, signal: stop.signal }, ['grafana']);
    await r.until(1);
    await settle();
    e.stop('g1');
    e.start('g1');
    e.log('g1', 'run 2');
    await r.until(2);
    await settle();
    stop.abort();
    await r.promise;
    expect(r.texts()).toEqual(['grafana: run 1', 'grafana: run 2']);
  });

  it('follows a recreated service into its new container (new ID, same service) and shows all its lines', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.log('g1', 'old container');
    const stop = new AbortController();
    const r = run(e, { follow: true, signal: stop.signal }, ['grafana']);
    await r.until(1);
    e.stop('g1');
    await settle();
    e.remove('g1');
    e.add('grafana', 'g2', 'created');
    e.log('g2', 'new container, first line');
    e.start('g2');
    e.log('g2', 'new container, second line');
    await r.until(3);
    await settle();
    stop.abort();
    await r.promise;
    expect(r.texts()).toEqual(['grafana: old container', 'grafana: new container, first line', 'grafana: new container, second line']);
    expect(r.notes.at(-1)).toBe('grafana: container p-grafana-g2 started; following it');
  });

  it('with --tail 0 shows only new lines, and a restart does not bring back the old ones', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.log('g1', 'history');
    const stop = new AbortController();
    const r = run(e, { follow: true, tail: 0, signal: stop.signal }, ['grafana']);
    await settle();
    e.stop('g1');
    await settle();
    e.start('g1');
    e.log('g1', 'after restart');
    await r.until(1);
    await settle();
    stop.abort();
    await r.promise;
    expect(r.texts()).toEqual(['grafana: after restart']);
  });

  it('picks up a service that was not deployed when it starts', async () => {
    const e = new FakeEngine();
    e.add('prometheus', 'p1');
    const stop = new AbortController();
    const r = run(e, { follow: true, signal: stop.signal });
    await settle();
    expect(r.notes).toEqual(['service grafana is not deployed in project p; its lines will follow if it starts']);
    e.add('grafana', 'g1', 'created');
    e.start('g1');
    e.log('g1', 'hello');
    await r.until(1);
    stop.abort();
    await r.promise;
    expect(r.texts()).toEqual(['grafana: hello']);
  });

  it('keeps each service\'s line order while both stream', async () => {
    const e = new FakeEngine();
    e.add('prometheus', 'p1');
    e.add('grafana', 'g1');
    const stop = new AbortController();
    const r = run(e, { follow: true, signal: stop.signal });
    await settle();
    for (let i = 0; i < 20; i++) {
      e.log('p1', `p${i}`);
      e.log('g1', `g${i}`);
      if (i % 5 === 0) await settle();
    }
    await r.until(40);
    stop.abort();
    await r.promise;
    for (const s of ['prometheus', 'grafana']) {
      expect(r.lines.filter((l) => l.service === s).map((l) => l.line)).toEqual(Array.from({ length: 20 }, (_, i) => `${s[0]}${i}`));
    }
  });

  it('fails with DockerUnreachableError (69) when the engine goes away while following', async () => {
    const e = new FakeEngine();
    e.add('prometheus', 'p1');
    e.add('grafana', 'g1', 'exited');
    const r = run(e, { follow: true });
    await settle();
    e.die();
    const err = await rejection(r.promise);
    expect(err).toBeInstanceOf(DockerUnreachableError);
    expect(err.exitCode).toBe(69);
  });

  it('stops at --until', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.log('g1', 'before');
    const clock = Date.now();
    const r = run(e, { follow: true, until: BigInt(clock + 50) * MS, now: () => clock }, ['grafana']);
    await r.promise;
    expect(r.texts()).toEqual(['grafana: before']);
  });

  it('does not follow when --until has passed', async () => {
    const e = new FakeEngine();
    e.add('grafana', 'g1');
    e.log('g1', 'before');
    const later = Number(e.clock / MS) + 2;
    const r = run(e, { follow: true, until: e.clock + MS, now: () => later }, ['grafana']);
    await r.promise;
    expect(r.texts()).toEqual(['grafana: before']);
    expect(e.reads.map((x) => x.opts.follow)).toEqual([false]);
  });
});
