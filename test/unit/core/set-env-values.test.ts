import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setEnvValues } from '../../../src/core/set-env-values.js';

describe('setEnvValues', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ish-env-'));
    file = join(dir, '.env');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a key in place, keeps every other line and the mode, and returns the value before', async () => {
    writeFileSync(file, '# images\nPROMETHEUS_IMAGE="prom/prometheus:v3.4.0"\nGRAFANA_PORT=3001\n', { mode: 0o640 });
    const before = await setEnvValues(file, { PROMETHEUS_IMAGE: 'prom/prometheus:v3.5.0' });
    expect(before).toEqual({ PROMETHEUS_IMAGE: 'prom/prometheus:v3.4.0' });
    expect(readFileSync(file, 'utf8')).toBe('# images\nPROMETHEUS_IMAGE=prom/prometheus:v3.5.0\nGRAFANA_PORT=3001\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('appends a missing key and reports it absent before; a new file is 0600', async () => {
    expect(await setEnvValues(file, { A_IMAGE: 'a:2' })).toEqual({ A_IMAGE: null });
    expect(readFileSync(file, 'utf8')).toBe('A_IMAGE=a:2\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'X=1\n\n');
    await setEnvValues(file, { B_IMAGE: 'b:1' });
    expect(readFileSync(file, 'utf8')).toBe('X=1\nB_IMAGE=b:1\n');
  });

  it('removes a key set to null (a rollback to "absent") and drops duplicate lines of a key', async () => {
    writeFileSync(file, 'A_IMAGE=a:1\nX=1\nA_IMAGE=a:0\n');
    expect(await setEnvValues(file, { A_IMAGE: null })).toEqual({ A_IMAGE: 'a:1' });
    expect(readFileSync(file, 'utf8')).toBe('X=1\n');
  });
});
