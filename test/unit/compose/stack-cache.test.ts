import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStackCached } from '../../../src/compose/stack-cache.js';

/** A compose file using a variable, its .env, and an empty cache directory. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ish-cache-'));
  const file = join(dir, 'compose.yml');
  writeFileSync(file, 'name: cached\nservices:\n  prometheus:\n    image: ${IMAGE:-prom/prometheus:v3}\n');
  writeFileSync(join(dir, '.env'), 'OTHER=1\n');
  return { dir, file, cache: join(dir, 'cache') };
}

/** Marks the cached entry so that a later load shows whether it came from the cache. */
function markCached(cache: string): void {
  const [entry] = readdirSync(cache);
  const path = join(cache, entry!);
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  doc.stack.services[0].image = 'served-from-cache';
  writeFileSync(path, JSON.stringify(doc));
}

const image = async (file: string, cache: string, env: Record<string, string | undefined> = {}) =>
  (await loadStackCached({ file, env }, cache)).services[0]!.image;

describe('loadStackCached', () => {
  it('answers from the cache while nothing it depends on changed, in a 0600 file', async () => {
    const { file, cache } = setup();
    expect(await image(file, cache, { UNRELATED: 'a' })).toBe('prom/prometheus:v3');
    const [entry] = readdirSync(cache);
    expect(statSync(join(cache, entry!)).mode & 0o777).toBe(0o600);
    markCached(cache);
    expect(await image(file, cache, { UNRELATED: 'b' })).toBe('served-from-cache');
  });

  it('reloads when a variable it looked up changes', async () => {
    const { file, cache } = setup();
    await image(file, cache);
    markCached(cache);
    expect(await image(file, cache, { IMAGE: 'local/prometheus:1' })).toBe('local/prometheus:1');
  });

  it('reloads when the compose file or the .env changes', async () => {
    const { dir, file, cache } = setup();
    await image(file, cache);
    markCached(cache);
    writeFileSync(join(dir, '.env'), 'IMAGE=from-dotenv:1\n');
    expect(await image(file, cache)).toBe('from-dotenv:1');
    markCached(cache);
    writeFileSync(file, 'name: cached\nservices:\n  prometheus:\n    image: edited:1\n');
    expect(await image(file, cache)).toBe('edited:1');
  });

  it('never caches an invalid file: the error comes every time', async () => {
    const { file, cache } = setup();
    writeFileSync(file, 'services:\n  prometheus:\n    imagee: x\n');
    await expect(loadStackCached({ file, env: {} }, cache)).rejects.toThrow(/unknown key "imagee"/);
    await expect(loadStackCached({ file, env: {} }, cache)).rejects.toThrow(/unknown key "imagee"/);
  });

  it('still loads when the cache directory cannot be written', async () => {
    const { file } = setup();
    // A regular file where the directory should be: mkdir fails with ENOTDIR.
    expect(await image(file, join(file, 'cache'))).toBe('prom/prometheus:v3');
  });
});
