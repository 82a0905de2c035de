import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { HttpAccess } from './web-credentials.js';

/** A finished plain-HTTP GET. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * One HTTP(S) GET with a deadline covering connect, headers and body. node:http is already
 * loaded for the Docker socket; a fetch library would add its own start-up cost to every probe run.
 * Every HTTP call of the tool to the stack goes through here. `access` adds credentials (the web
 * config's, or Grafana's admin login) and trusts the web config's certificate; the host
 * name is not checked (the tool connects by address). Rejects with an Error whose `code` is the socket error
 * (ECONNREFUSED, ...) or `ETIMEDOUT`.
 */
export async function httpGet(url: string, timeoutMs: number, maxBodyBytes = 1 << 20, access?: HttpAccess): Promise<HttpAnswer> {
  const { send, tls } = url.startsWith('https:') ? await tlsClient(access) : { send: request, tls: {} };
  return new Promise((resolve, reject) => {
    const headers = { 'user-agent': 'ish-monitor', connection: 'close', ...(access?.authorization ? { authorization: access.authorization } : {}) };
    const req = send(url, { method: 'GET', headers, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        // Only the start of a large answer (a /metrics page) matters for a probe.
        if (size <= maxBodyBytes) chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

/**
 * The https client and its trust, loaded only for an https URL: node:https and the root certificate
 * store cost tens of ms at start-up that plain http (the default, loopback) never needs.
 */
async function tlsClient(access?: HttpAccess): Promise<{ send: (url: string, o: RequestOptions, cb: (res: IncomingMessage) => void) => ClientRequest; tls: object }> {
  const [{ request: requestTls }, { rootCertificates }] = await Promise.all([import('node:https'), import('node:tls')]);
  return { send: requestTls, tls: { ca: [...rootCertificates, ...(access?.ca ? [access.ca] : [])], checkServerIdentity: () => undefined } };
}

/** A failed GET in a few words: `no answer within N ms`, the socket error code, or the message. */
export function describeHttpError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string };
  return e.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : (e.code ?? e.message ?? String(err));
}
