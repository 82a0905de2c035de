import { describeHttpError, httpGet, type HttpAnswer } from './http-get.js';
import type { HttpAccess } from './web-credentials.js';

/** API answers (targets, rules) grow with the stack: a larger cap than a probe's. */
const MAX_API_BYTES = 16 << 20;

/** An API answer with its HTTP status: `json` is set on 2xx; 401/403 come without one. */
export interface JsonAnswer {
  status: number;
  json?: unknown;
}

/** One GET whose failure is a short Error message; `allowed` statuses pass besides 2xx. */
async function getOk(url: string, timeoutMs: number, access: HttpAccess | undefined, allowed: number[] = []): Promise<HttpAnswer> {
  const res = await httpGet(url, timeoutMs, MAX_API_BYTES, access).catch((err: unknown) => {
    throw new Error(describeHttpError(err, timeoutMs));
  });
  const ok = (res.status >= 200 && res.status <= 299) || allowed.includes(res.status);
  if (!ok) throw new Error(`HTTP ${res.status} from ${new URL(url).pathname}`);
  return res;
}

/**
 * GETs a JSON API. Resolves on 2xx with the parsed body, and on 401/403 without one (the caller
 * judges those); rejects with a short Error message otherwise (`HTTP 503`, `ECONNREFUSED`, ...).
 */
export async function getJson(url: string, timeoutMs: number, access?: HttpAccess): Promise<JsonAnswer> {
  const res = await getOk(url, timeoutMs, access, [401, 403]);
  if (res.status === 401 || res.status === 403) return { status: res.status };
  try {
    return { status: res.status, json: JSON.parse(res.body) };
  } catch {
    throw new Error(`${new URL(url).pathname} answered ${res.body.length >= MAX_API_BYTES ? 'more than 16 MiB' : 'something that is not JSON'}`);
  }
}

/** GETs a text page (e.g. /metrics) on 2xx; rejects with a short Error message otherwise. */
export async function getText(url: string, timeoutMs: number, access?: HttpAccess): Promise<string> {
  return (await getOk(url, timeoutMs, access)).body;
}
