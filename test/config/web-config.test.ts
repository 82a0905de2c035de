/** The web config deploy generates (src/core/web-config.ts), checked with the real promtool. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { renderWebConfig } from '../../src/core/web-config.js';
import { selfSignedPair } from '../support/tls-pair.js';
import { runTool } from './run-tool.js';

async function check(text: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ish-web-config-'));
  writeFileSync(path.join(dir, 'web-config.yml'), text);
  const r = await runTool('promtool', ['check', 'web-config', 'web-config.yml'], dir);
  return `${r.code} ${r.stdout}${r.stderr}`;
}

describe('promtool check web-config', () => {
  it('accepts the generated file: bcrypt users and a TLS pair, users only, and the empty (loopback) form', async () => {
    const pair = selfSignedPair();
    const users = { 'ish-monitor': await bcrypt.hash('a', 4), prometheus: await bcrypt.hash('b', 4) };
    expect(await check(renderWebConfig({ users, tls: { certFile: pair.certFile, keyFile: pair.keyFile } }))).toMatch(/^0 .*SUCCESS/s);
    expect(await check(renderWebConfig({ users }))).toMatch(/^0 .*SUCCESS/s);
    expect(await check(renderWebConfig({ users: {} }))).toMatch(/^0 .*SUCCESS/s);
  });

  it('would refuse a plain-text password: the check is real', async () => {
    expect(await check('basic_auth_users:\n  ish-monitor: not-a-hash\n')).not.toMatch(/^0 /);
  });
});
