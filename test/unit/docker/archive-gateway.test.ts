import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../../src/docker/dockerode-gateway.js';
import type { DockerGateway } from '../../../src/docker/types.js';
import { DockerUnreachableError, EngineError } from '../../../src/errors.js';
import { selfSignedPair } from '../../support/tls-pair.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const savedEnv = { ...process.env };
afterEach(() => {
  for (const k of ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

/** The body's bytes (each chunk copied: it is only valid until the next is asked for) and the memory the chunks were in. */
async function drain(body: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; memory: Set<ArrayBufferLike> }> {
  const parts: Buffer[] = [];
  const memory = new Set<ArrayBufferLike>();
  for await (const c of body) {
    parts.push(Buffer.from(c));
    memory.add(c.buffer);
  }
  return { bytes: Buffer.concat(parts), memory };
}

/** Sends `data` in pieces of `piece` bytes, each written after the previous one was taken. */
async function sendInPieces(res: ServerResponse, data: Buffer, piece: number): Promise<void> {
  for (let at = 0; at < data.length; at += piece) {
    if (!res.write(data.subarray(at, at + piece))) await new Promise((r) => res.once('drain', r));
  }
}

/**
 * getArchive's raw engine connection (one reused read buffer, HTTP framing parsed by hand) against
 * stand-in engines: a real HTTP server on a unix socket, on TCP, and on TLS with client certificates.
 */
describe('DockerodeGateway.getArchive over a raw engine connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ish-archive-gw-'));
  const socket = join(dir, 'docker.sock');
  let server: Server;
  let handle: Handler = () => undefined;
  let gateway: DockerGateway;

  beforeAll(async () => {
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });
  const unixGateway = () => {
    // dockerode reads DOCKER_HOST from the process environment.
    process.env.DOCKER_HOST = `unix://${socket}`;
    return connectDocker(process.env);
  };

  it('reads a chunked body whole, asking for the path, into four reused read buffers', async () => {
    gateway = unixGateway();
    const data = randomBytes(3 * (1 << 20) + 12345);
    let url = '';
    handle = (req, res) => {
      url = req.url ?? '';
      res.writeHead(200, { 'Content-Type': 'application/x-tar' });
      void sendInPieces(res, data, 7000).then(() => res.end());
    };
    const { bytes, memory } = await drain(await gateway.getArchive('abc123', '/var/lib/grafana'));
    expect(bytes.equals(data)).toBe(true);
    expect(memory.size).toBeLessThanOrEqual(4);
    expect(url).toBe('/containers/abc123/archive?path=%2Fvar%2Flib%2Fgrafana');
  });

  it('reads a Content-Length body whole', async () => {
    gateway = unixGateway();
    const data = randomBytes(1500000);
    handle = (_req, res) => {
      res.writeHead(200, { 'Content-Length': String(data.length) });
      void sendInPieces(res, data, 65536).then(() => res.end());
    };
    expect((await drain(await gateway.getArchive('abc123', '/data'))).bytes.equals(data)).toBe(true);
  });

  it('reads an empty body as no blocks', async () => {
    gateway = unixGateway();
    handle = (_req, res) => res.writeHead(200, { 'Content-Length': '0' }).end();
    expect((await drain(await gateway.getArchive('abc123', '/data'))).bytes.length).toBe(0);
  });

  it('turns an error status into the engine error with the engine message, as dockerode does', async () => {
    gateway = unixGateway();
    handle = (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'Could not find the file /nope in container abc123' }));
    };
    const err = await gateway.getArchive('abc123', '/nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as Error).message).toBe('not found while trying to read /nope from container abc123: Could not find the file /nope in container abc123');
  });

  it.each([
    ['a Content-Length body', { 'Content-Length': '100000' }, 'closed the connection after 40000 of 100000 body bytes'],
    ['a chunked body before its last chunk', {}, 'after 40000 body bytes, inside the chunked body'],
  ])('fails, never ends short, when the engine closes %s early', async (_what, headers, message) => {
    gateway = unixGateway();
    handle = (_req, res) => {
      res.writeHead(200, headers);
      res.write(Buffer.alloc(40000, 1), () => res.socket?.destroy());
    };
    const err = await drain(await gateway.getArchive('abc123', '/data')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerUnreachableError);
    expect((err as Error).message).toContain(message);
  });

  it('ends quietly when the signal aborts, and closes the connection', async () => {
    gateway = unixGateway();
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => (closed = r));
    handle = (_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(2 << 20, 1));
      res.on('close', closed);
    };
    const ac = new AbortController();
    let chunks = 0;
    for await (const _ of await gateway.getArchive('abc123', '/data', ac.signal)) {
      chunks += 1;
      ac.abort();
    }
    expect(chunks).toBe(1);
    await serverSawClose;
  });

  it('stops reading while the consumer holds back: the engine cannot send it all', async () => {
    gateway = unixGateway();
    let sent = 0;
    handle = (_req, res) => {
      res.writeHead(200);
      const more = () => {
        while (sent < 256 << 20) {
          sent += 1 << 20;
          if (!res.write(Buffer.alloc(1 << 20))) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    };
    const it = (await gateway.getArchive('abc123', '/data'))[Symbol.asyncIterator]();
    await it.next();
    // Held back with one block taken: wait (bounded) until the engine's sending stops moving or all is sent.
    for (let last = -1, still = 0; still < 3 && sent < 256 << 20; ) {
      await new Promise((r) => setTimeout(r, 100));
      still = sent === last ? still + 1 : 0;
      last = sent;
    }
    expect(sent).toBeLessThan(64 << 20);
    await it.return?.();
  });

  it('connects over tcp:// and over TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    const data = randomBytes(2 << 20);
    const send: Handler = (_req, res) => {
      res.writeHead(200);
      void sendInPieces(res, data, 30000).then(() => res.end());
    };
    const plain = createServer(send);
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const pair = selfSignedPair();
    const certs = mkdtempSync(join(tmpdir(), 'ish-docker-certs-'));
    for (const [f, pem] of [['ca.pem', pair.cert], ['cert.pem', pair.cert], ['key.pem', pair.key]] as const) writeFileSync(join(certs, f), pem);
    let clientCert = false;
    const secure = createTlsServer({ cert: pair.cert, key: pair.key, ca: pair.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      clientCert = (req.socket as import('node:tls').TLSSocket).authorized;
      send(req, res);
    });
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
    try {
      process.env.DOCKER_HOST = `tcp://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      expect((await drain(await connectDocker(process.env).getArchive('abc123', '/data'))).bytes.equals(data)).toBe(true);
      process.env.DOCKER_HOST = `tcp://127.0.0.1:${(secure.address() as AddressInfo).port}`;
      process.env.DOCKER_TLS_VERIFY = '1';
      process.env.DOCKER_CERT_PATH = certs;
      expect((await drain(await connectDocker(process.env).getArchive('abc123', '/data'))).bytes.equals(data)).toBe(true);
      expect(clientCert).toBe(true);
    } finally {
      plain.closeAllConnections();
      secure.closeAllConnections();
      await Promise.all([new Promise((r) => plain.close(r)), new Promise((r) => secure.close(r))]);
      rmSync(certs, { recursive: true, force: true });
    }
  });

  it('names the socket when the engine is not there', async () => {
    process.env.DOCKER_HOST = `unix://${join(dir, 'missing.sock')}`;
    const err = await connectDocker(process.env).getArchive('abc123', '/data').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerUnreachableError);
  });
});
