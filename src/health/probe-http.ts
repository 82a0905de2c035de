import { describeHttpError, httpGet } from './http-get.js';
import { loadHttpAccess, type WebCredentialsRef } from './web-credentials.js';

/** The outcome of one HTTP readiness probe. */
export interface ProbeResult {
  ok: boolean;
  url: string;
  /** HTTP status, when the server answered. */
  status?: number;
  latencyMs: number;
  /** Why it failed (or a short note when it passed). */
  detail: string;
}

/** Where and what to probe: derived from the container's labels and published ports. */
export interface ProbeTarget {
  url: string;
  /** `key=value` that the JSON body must contain (e.g. Grafana's `database=ok`). */
  expect?: string;
  /** Where the web config's credentials are, for Prometheus and AlertManager. */
  credentials?: WebCredentialsRef;
}

function checkExpectation(body: string, expect: string): string | undefined {
  const [key, want] = expect.split('=');
  try {
    const got = (JSON.parse(body) as Record<string, unknown>)[key ?? ''];
    return String(got) === want ? undefined : `${key} is ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
  } catch {
    return `answer is not JSON (want ${expect})`;
  }
}

/** GETs the URL once with a timeout; ok on 2xx (and the expectation, if any). Never throws. */
export async function probeHttp(target: ProbeTarget, timeoutMs: number, now: () => number = Date.now): Promise<ProbeResult> {
  const started = now();
  const elapsed = () => Math.max(0, Math.round(now() - started));
  try {
    const res = await httpGet(target.url, timeoutMs, undefined, loadHttpAccess(target.credentials));
    const latencyMs = elapsed();
    if (res.status < 200 || res.status > 299) return { ok: false, url: target.url, status: res.status, latencyMs, detail: `HTTP ${res.status}` };
    const bad = target.expect ? checkExpectation(res.body, target.expect) : undefined;
    return { ok: !bad, url: target.url, status: res.status, latencyMs, detail: bad ?? `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, url: target.url, latencyMs: elapsed(), detail: describeHttpError(err, timeoutMs) };
  }
}
