import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heldRefusal, LOGIN_RETRY_MS, loginBackoff, recordLogin } from '../../../src/core/login-backoff.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ish-login-'));
  const password = join(dir, 'grafana_admin_password');
  writeFileSync(password, 'secret-one', { mode: 0o600 });
  return { state: join(dir, 'state'), password };
}

describe('the back-off after a refused Grafana login (no account lock-out from cron)', () => {
  it('remembers a refusal for the retry interval, in a 0600 file without the password', () => {
    const { state, password } = setup();
    const t0 = Date.parse('2026-11-28T07:00:00Z');
    recordLogin(loginBackoff(state, password, 'c1', false, t0), 401, true);
    const file = join(state, 'grafana-login-refused.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('secret-one');
    expect(heldRefusal(loginBackoff(state, password, 'c1', false, t0 + 60_000))).toMatchObject({ httpStatus: 401, at: '2026-11-28T07:00:00.000Z' });
    expect(heldRefusal(loginBackoff(state, password, 'c1', false, t0 + LOGIN_RETRY_MS))).toBeUndefined();
  });

  it('tries again at once when the password file or the Grafana container changed, or on a terminal', () => {
    const { state, password } = setup();
    const t0 = Date.now();
    recordLogin(loginBackoff(state, password, 'c1', false, t0), 401, true);
    expect(heldRefusal(loginBackoff(state, password, 'c1', true, t0 + 1000))).toBeUndefined();
    expect(heldRefusal(loginBackoff(state, password, 'c2', false, t0 + 1000))).toBeUndefined();
    writeFileSync(password, 'secret-two-is-longer');
    expect(heldRefusal(loginBackoff(state, password, 'c1', false, t0 + 1000))).toBeUndefined();
  });

  it('forgets the refusal after a login that works; a state directory it cannot write costs only the back-off', () => {
    const { state, password } = setup();
    const b = loginBackoff(state, password, 'c1', false, Date.now());
    recordLogin(b, 401, true);
    recordLogin(b, 200, false);
    expect(existsSync(join(state, 'grafana-login-refused.json'))).toBe(false);
    expect(() => recordLogin(loginBackoff(join(password, 'not-a-dir'), password, 'c1', false, Date.now()), 401, true)).not.toThrow();
  });
});
