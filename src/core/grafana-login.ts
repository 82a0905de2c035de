import { readFileSync } from 'node:fs';
import type { ServiceSpec } from '../compose/types.js';
import { getJson } from '../health/get-json.js';
import { heldRefusal, LOGIN_RETRY_MS, recordLogin, type LoginBackoff } from './login-backoff.js';

/** Where Grafana's admin credentials come from, as the compose file gives them to Grafana. */
export interface GrafanaCredentials {
  user: string;
  /** Host path of the password file (GF_SECURITY_ADMIN_PASSWORD__FILE's bind source), or undefined when inline. */
  passwordFile?: string;
  /** An inline GF_SECURITY_ADMIN_PASSWORD: never printed. */
  inlinePassword?: string;
}

/** Whether the admin login with the stored password works. Never carries the password. */
export interface GrafanaLoginFacts {
  user: string;
  passwordFile: string | null;
  /** null when not checked: the stored password could not be read (see `note`). */
  ok: boolean | null;
  /** HTTP status of `GET /api/user` with basic auth: 200, or 401 when the password drifted. */
  httpStatus: number | null;
  /** Why it was not checked, or that the refusal shown is a remembered one (see login-backoff.ts). */
  note?: string;
}

/**
 * The admin credentials of a Grafana service spec: GF_SECURITY_ADMIN_USER (default admin) and the
 * password from GF_SECURITY_ADMIN_PASSWORD__FILE mapped back to its bind source on this host, or
 * GF_SECURITY_ADMIN_PASSWORD; undefined when the spec sets neither (nothing to compare against).
 */
export function grafanaCredentials(spec: ServiceSpec): GrafanaCredentials | undefined {
  const env = spec.environment;
  const user = env.GF_SECURITY_ADMIN_USER || 'admin';
  const fileInContainer = env.GF_SECURITY_ADMIN_PASSWORD__FILE;
  if (fileInContainer) {
    const bind = spec.volumes.find((m) => m.type === 'bind' && m.target === fileInContainer);
    return bind ? { user, passwordFile: bind.source } : undefined;
  }
  return env.GF_SECURITY_ADMIN_PASSWORD ? { user, inlinePassword: env.GF_SECURITY_ADMIN_PASSWORD } : undefined;
}

/**
 * Logs in to Grafana's API as the admin (`GET /api/user`, basic auth) with the password the stack
 * stores. Grafana applies GF_SECURITY_ADMIN_PASSWORD only when it creates its database, so a
 * password changed later in the UI, or a secret file rewritten after first boot, drifts: 401.
 */
export async function checkGrafanaLogin(baseUrl: string, creds: GrafanaCredentials, timeoutMs: number, backoff?: LoginBackoff): Promise<GrafanaLoginFacts> {
  const passwordFile = creds.passwordFile ?? null;
  let password = creds.inlinePassword ?? '';
  if (creds.passwordFile) {
    try {
      // Synchronous: a few bytes, and an async read would wait on status' busy event loop.
      password = readFileSync(creds.passwordFile, 'utf8');
    } catch (err) {
      // E.g. status from a non-root cron job: the file is 0600, owned by Grafana's uid.
      const e = err as NodeJS.ErrnoException;
      return { user: creds.user, passwordFile, ok: null, httpStatus: null, note: `cannot read ${creds.passwordFile}: ${e.code ?? e.message}` };
    }
  }
  const held = backoff && heldRefusal(backoff);
  if (held) {
    const retry = new Date(Date.parse(held.at) + LOGIN_RETRY_MS).toISOString();
    return { user: creds.user, passwordFile, ok: false, httpStatus: held.httpStatus, note: `refused at ${held.at}, not tried again before ${retry} (Grafana blocks a user after 5 failed logins in 5 minutes; on a terminal status tries at once)` };
  }
  // Trailing newlines are not part of the password (the shell's $(cat FILE) drops them too).
  const token = Buffer.from(`${creds.user}:${password.replace(/[\r\n]+$/, '')}`).toString('base64');
  const { status } = await getJson(`${baseUrl}/api/user`, timeoutMs, { authorization: `Basic ${token}` });
  if (backoff) recordLogin(backoff, status, status === 401 || status === 403);
  return { user: creds.user, passwordFile, ok: status >= 200 && status <= 299, httpStatus: status };
}
