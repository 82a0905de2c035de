import { readFileSync } from 'node:fs';

/**
 * A small file's text, or undefined when it cannot be read. Synchronous on purpose: status reads a
 * few such files (stack cache, credentials, remembered state) while its requests are in flight, and an
 * async read waits several turns of that busy event loop (and loads fs/promises).
 */
export function readSmallFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A small JSON file's value, or undefined when it cannot be read or parsed. */
export function readJsonFile<T>(path: string): T | undefined {
  const text = readSmallFile(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
