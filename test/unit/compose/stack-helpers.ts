import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStack } from '../../../src/compose/load-stack.js';
import type { LoadOptions, StackSpec } from '../../../src/compose/types.js';
import { IshError } from '../../../src/errors.js';

/** Fixture directory of the compose loader tests. */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/compose', import.meta.url));

/** Writes `compose` (and any extra files, relative paths) into a fresh temp dir; returns the compose path. */
export function writeStack(compose: string, files: Record<string, string> = {}, dirName = 'stack'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ish-compose-')), dirName);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries({ 'docker-compose.yml': compose, ...files })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return join(dir, 'docker-compose.yml');
}

/** Loads compose text from a temp dir with an empty shell env unless given. */
export function loadText(compose: string, opts: Partial<LoadOptions> = {}, files: Record<string, string> = {}): Promise<StackSpec> {
  return loadStack({ env: {}, ...opts, file: writeStack(compose, files) });
}

/** The IshError a load rejects with; fails the test if it resolves or throws something else. */
export async function loadError(load: Promise<unknown>): Promise<IshError> {
  try {
    await load;
  } catch (err) {
    if (err instanceof IshError) return err;
    throw err;
  }
  throw new Error('expected the load to fail, but it succeeded');
}

/** Joins lines so line numbers in tests are easy to count. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}
