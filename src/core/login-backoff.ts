import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readJsonFile } from '../read-small-file.js';

/**
 * Grafana blocks a user for 5 minutes after 5 failed logins within 5 minutes. `status` in cron every
 * minute, with a drifted password, would keep the admin account blocked, also for the operator
 * typing the right password in the UI. So a refused login is remembered, and not tried again for
 * this long, unless something that could fix it changed (the password file, a new Grafana container) or a
 * human runs status on a terminal.
 */
export const LOGIN_RETRY_MS = 5 * 60_000;

/** A refused login, as remembered in the project's state directory (no secret in it). */
export interface RefusedLogin {
  at: string;
  httpStatus: number;
  /** What the refusal depended on: the password file's identity and Grafana's container (a new one may have a new database). */
  fingerprint: string;
}

/** Where the last refused login is remembered, and what the current attempt would depend on. */
export interface LoginBackoff {
  file: string;
  fingerprint: string;
  /** A human on a terminal: always try. */
  force: boolean;
  now: number;
}

/** The back-off for a project: its state file, and a fingerprint from the password file's stat (never its content) and Grafana's container. */
export function loginBackoff(stateDir: string, passwordFile: string | undefined, grafanaContainerId: string | undefined, force: boolean, now: number): LoginBackoff {
  let file = '-';
  if (passwordFile) {
    try {
      const s = statSync(passwordFile);
      file = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      file = 'unreadable';
    }
  }
  return { file: join(stateDir, 'grafana-login-refused.json'), fingerprint: `${file}|${grafanaContainerId ?? '-'}`, force, now };
}

/** The remembered refusal that still holds (same fingerprint, younger than the retry interval), if any. */
export function heldRefusal(b: LoginBackoff): RefusedLogin | undefined {
  if (b.force) return undefined;
  const memo = readJsonFile<RefusedLogin>(b.file);
  if (!memo) return undefined;
  const age = b.now - Date.parse(memo.at);
  return memo.fingerprint === b.fingerprint && age >= 0 && age < LOGIN_RETRY_MS ? memo : undefined;
}

/** Remembers a refused login (0600, written whole or not at all), or forgets one after a success. Never fails status. */
export function recordLogin(b: LoginBackoff, httpStatus: number, refused: boolean): void {
  try {
    if (!refused) {
      rmSync(b.file, { force: true });
      return;
    }
    const memo: RefusedLogin = { at: new Date(b.now).toISOString(), httpStatus, fingerprint: b.fingerprint };
    mkdirSync(dirname(b.file), { recursive: true, mode: 0o700 });
    writeFileSync(`${b.file}.partial`, `${JSON.stringify(memo)}\n`, { mode: 0o600 });
    renameSync(`${b.file}.partial`, b.file);
  } catch {
    // A state directory that cannot be written only means no back-off.
  }
}
