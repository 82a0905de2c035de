import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../output/write-atomic.js';

/**
 * Sets (or, for null, removes) `KEY=value` lines in an env file, keeping every other line and the
 * file's mode (0600 when it is new); written whole or not at all (`.partial`, fsync, rename).
 * Returns the values the keys had before (null: absent).
 */
export async function setEnvValues(file: string, values: Record<string, string | null>): Promise<Record<string, string | null>> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const mode = text === undefined ? 0o600 : (await stat(file)).mode & 0o777;
  const before: Record<string, string | null> = Object.fromEntries(Object.keys(values).map((k) => [k, null]));
  const done = new Set<string>();
  const lines: string[] = [];
  for (const line of (text ?? '').split('\n')) {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !(key in values)) {
      lines.push(line);
      continue;
    }
    if (!done.has(key)) before[key] = line.slice(line.indexOf('=') + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
    // Later duplicates of a key are dropped: the file ends with one line per key.
    if (!done.has(key) && values[key] !== null) lines.push(`${key}=${values[key]}`);
    done.add(key);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  for (const [k, v] of Object.entries(values)) if (!done.has(k) && v !== null) lines.push(`${k}=${v}`);
  await writeFileAtomic(file, lines.length ? `${lines.join('\n')}\n` : '', mode);
  return before;
}
