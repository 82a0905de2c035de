import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../../src/docker/dockerode-gateway.js';
import type { DockerGateway } from '../../../src/docker/types.js';
import { DockerUnreachableError } from '../../../src/errors.js';
import { frame } from '../../support/log-frame.js';


/**
 * The gateway's streaming methods against a stand-in engine on a unix socket (no Docker): query
 * parameters, streaming, abort, and a connection that breaks or ends.
 */
describe('DockerodeGateway log and event streams', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ish-logs-gw-'));
  const socket = join(dir, 'docker.sock');
  let server: Server;
  let handle: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  let gateway: DockerGateway;
  const savedHost = process.env.DOCKER_HOST;

  beforeAll(async () => {
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    // dockerode reads DOCKER_HOST from the process environment.
    process.env.DOCKER_HOST = `unix://${socket}`;
    gateway = connectDocker(process.env);
  });
  afterAll(async () => {
    server.closeAllConnections();
    if (savedHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = savedHost;
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for both streams with timestamps, tail and nanosecond since/until, and streams the body', async () => {
    let url = '';
    handle = (req, res) => {
      url = req.url ?? '';
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
      res.write(frame(1, '2025-05-01T12:00:00.000000001Z one\n'));
      res.end(frame(2, '2025-05-01T12:00:00.000000002Z two\n'));
    };
    const chunks = await gateway.readContainerLogs('abc123', { follow: false, since: 1_746_100_800_000_000_001n, until: 1_746_100_801_500_000_000n }, undefined);
    const body = [];
    for await (const c of chunks) body.push(Buffer.from(c));
    expect(Buffer.concat(body)).toEqual(Buffer.concat([frame(1, '2025-05-01T12:00:00.000000001Z one\n'), frame(2, '2025-05-01T12:00:00.000000002Z two\n')]));
    const q = new URL(url, 'http://x').searchParams;
    expect(new URL(url, 'http://x').pathname).toBe('/containers/abc123/logs');
    expect(Object.fromEntries(q)).toEqual({ stdout: 'true', stderr: 'true', timestamps: 'true', follow: 'false', tail: 'all', since: '1746100800.000000001', until: '1746100801.500000000' });
  });

  it('ends quietly when the signal aborts, and closes the connection', async () => {
    let closed = false;
    handle = (_req, res) => {
      res.writeHead(200);
      res.write(frame(1, '2025-05-01T12:00:00Z first\n'));
      res.on('close', () => (closed = true));
    };
    const stop = new AbortController();
    const chunks = await gateway.readContainerLogs('abc', { follow: true, tail: 10 }, stop.signal);
    let n = 0;
    for await (const _ of chunks) {
      n++;
      stop.abort();
    }
    expect(n).toBe(1);
    // The server sees the close a moment later (longer on a loaded host): wait for it, bounded.
    for (let i = 0; i < 100 && !closed; i++) await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(true);
  });

  it('throws DockerUnreachableError (69) when the connection breaks in the middle of a log', async () => {
    handle = (_req, res) => {
      res.writeHead(200);
      res.write(frame(1, '2025-05-01T12:00:00Z first\n'));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const chunks = await gateway.readContainerLogs('abc', { follow: true }, undefined);
    const read = (async () => {
      for await (const _ of chunks) void _;
    })();
    await expect(read).rejects.toBeInstanceOf(DockerUnreachableError);
    await expect(read).rejects.toMatchObject({ exitCode: 69 });
  });

  it('reads container events split across chunks, with filters on the project label and action', async () => {
    let url = '';
    handle = (req, res) => {
      url = req.url ?? '';
      res.writeHead(200);
      // timeNano as the engine writes it: more digits than a double holds.
      const line = '{"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"com.docker.compose.service":"grafana"}},"time":1746100800,"timeNano":1746100800123456789}\n';
      res.write(line.slice(0, 30));
      setTimeout(() => res.write(line.slice(30)), 10);
    };
    const stop = new AbortController();
    const events = await gateway.watchContainerEvents({ 'com.docker.compose.project': 'p' }, ['start'], stop.signal);
    for await (const e of events) {
      expect(e).toEqual({ action: 'start', id: 'c1', attributes: { 'com.docker.compose.service': 'grafana' }, timeNano: 1746100800123456789n });
      stop.abort();
    }
    expect(JSON.parse(new URL(url, 'http://x').searchParams.get('filters')!)).toEqual({ type: ['container'], event: ['start'], label: ['com.docker.compose.project=p'] });
  });

  it('treats the end of the event stream as the engine going away', async () => {
    handle = (_req, res) => {
      res.writeHead(200);
      setTimeout(() => res.end(), 20);
    };
    const events = await gateway.watchContainerEvents({ 'com.docker.compose.project': 'p' }, ['start'], undefined);
    const read = (async () => {
      for await (const _ of events) void _;
    })();
    await expect(read).rejects.toThrow(/Docker engine not reachable at unix:\/\/.*: the engine closed the connection while trying to watch container events/);
  });

  it('maps a missing container (404) to an engine error naming it', async () => {
    handle = (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'No such container: nope' }));
    };
    await expect(gateway.readContainerLogs('nope', { follow: false }, undefined)).rejects.toMatchObject({ exitCode: 71, message: expect.stringContaining('No such container: nope') });
  });
});
