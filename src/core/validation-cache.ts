import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toolVersion } from '../version.js';
import type { CheckResult } from './check-result.js';

/**
 * Remembers checks that passed, by a key over everything the outcome depends on (tool version, the
 * check's tool and arguments, the content of every file it read): an unchanged configuration is
 * not checked again, so a deploy with nothing changed starts no tool container. Only passes are kept;
 * a cache that cannot be read or written just means the check runs.
 */
export interface ValidationCache {
  /** The passing results stored under `key`, marked cached; undefined when not there. */
  get(key: string): Promise<CheckResult[] | undefined>;
  /** Stores passing results under `key`. */
  put(key: string, results: CheckResult[]): Promise<void>;
}

/** The key of a check over its identity and the files it reads. */
export function validationKey(identity: unknown[], files: Map<string, Buffer>): string {
  const hash = createHash('sha256').update(JSON.stringify([toolVersion, ...identity]));
  for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`\0${rel}\0${content.length}\0`).update(content);
  return hash.digest('hex');
}

/** A cache of small JSON files under `dir`/validated (directory 0700, files 0600, written whole then renamed). */
export function validationCache(dir: string): ValidationCache {
  const root = join(dir, 'validated');
  return {
    get: (key) =>
      readFile(join(root, `${key}.json`), 'utf8').then(
        (text) => (JSON.parse(text) as CheckResult[]).map((r) => ({ ...r, cached: true })),
        () => undefined,
      ),
    put: async (key, results) => {
      const partial = join(root, `${key}.${process.pid}.partial`);
      await mkdir(root, { recursive: true, mode: 0o700 })
        .then(() => writeFile(partial, JSON.stringify(results), { mode: 0o600 }))
        .then(() => rename(partial, join(root, `${key}.json`)))
        .catch(() => undefined);
    },
  };
}
