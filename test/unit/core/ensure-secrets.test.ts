import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../../src/compose/types.js';
import { ensureSecrets } from '../../../src/core/ensure-secrets.js';
import { ConfigError } from '../../../src/errors.js';
import { serviceSpec } from '../../support/service-spec.js';

function grafana(dir: string, extra: ServiceSpec['volumes'] = []): ServiceSpec {
  const secret = { type: 'bind' as const, source: join(dir, 'secrets', 'grafana_admin_password'), target: '/run/secrets/p', readOnly: true };
  return serviceSpec('grafana', { volumes: [secret, ...extra], networks: [], user: '472:0' });
}

describe('ensureSecrets (real files)', () => {
  it('generates a missing secret once: 0600, random, owned by the service user when root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-secrets-'));
    const [first] = await ensureSecrets(dir, [grafana(dir)], false);
    expect(first).toMatchObject({ service: 'grafana', generated: true, empty: false, tooOpen: false });
    const path = join(dir, 'secrets', 'grafana_admin_password');
    const st = statSync(path);
    expect(st.mode & 0o777).toBe(0o600);
    if (process.getuid?.() === 0) expect(st.uid).toBe(472);
    const value = readFileSync(path, 'utf8');
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [again] = await ensureSecrets(dir, [grafana(dir)], false);
    expect(again!.generated).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(value);
  });

  it('creates the secret of an outside system empty, for the operator to fill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-secrets-'));
    const smtp = { type: 'bind' as const, source: join(dir, 'secrets', 'alertmanager_smtp_password'), target: '/run/secrets/s', readOnly: true };
    const [, s] = await ensureSecrets(dir, [grafana(dir, [smtp])], false);
    expect(s).toMatchObject({ generated: true, empty: true });
    expect(readFileSync(smtp.source, 'utf8')).toBe('');
    expect(statSync(smtp.source).mode & 0o777).toBe(0o600);
  });

  it('writes nothing in a dry run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-secrets-'));
    const [s] = await ensureSecrets(dir, [grafana(dir)], true);
    expect(s!.generated).toBe(true);
    expect(() => statSync(join(dir, 'secrets'))).toThrow();
  });

  it('flags a secret readable by others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-secrets-'));
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'grafana_admin_password'), 'x');
    chmodSync(join(dir, 'secrets', 'grafana_admin_password'), 0o644);
    const [s] = await ensureSecrets(dir, [grafana(dir)], false);
    expect(s).toMatchObject({ generated: false, tooOpen: true });
  });

  it('refuses a missing bind source outside secrets/ instead of letting Docker create a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ish-secrets-'));
    const missing = join(dir, 'monitoring', 'prometheus');
    const err = await ensureSecrets(dir, [grafana(dir, [{ type: 'bind', source: missing, target: '/etc/prometheus', readOnly: true }])], true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`service grafana mounts ${missing}, which does not exist`);
  });
});
