import { request } from 'node:http';

/** A finished plain-HTTP GET. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * One plain-HTTP GET with a deadline covering connect, headers and body. node:http is already
 * loaded for the Docker socket; a fetch library would add its own start-up cost to every probe run.
 * Every HTTP call of the tool to the stack goes through here (one place to add credentials).
 * Rejects with an Error whose `code` is the socket error (ECONNREFUSED, ...) or `ETIMEDOUT`.
 */
export function httpGet(url: string, timeoutMs: number, maxBodyBytes = 1 << 20, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { 'user-agent': 'ish-monitor', connection: 'close', ...headers } }, (res) => {
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

/** A failed GET in a few words: `no answer within N ms`, the socket error code, or the message. */
export function describeHttpError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string };
  return e.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : (e.code ?? e.message ?? String(err));
}
