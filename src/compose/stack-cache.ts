import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { toolVersion } from '../version.js';
import type { LoadInputs, LoadOptions, StackSpec } from './types.js';

/** One cached load: what it depended on and what it produced. */
interface CacheEntry {
  digest: string;
  vars: string[];
  files: string[];
  stack: StackSpec;
}

/** Where cached loads live: $XDG_CACHE_HOME/ish-monitor, else ~/.cache/ish-monitor (mode 0700). */
export function cacheDir(env: Record<string, string | undefined>): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'ish-monitor');
}

const readOrNull = (path: string) => readFile(path, 'utf8').catch(() => null);

/** A digest of everything a load depends on: tool version, compose text, env files, variables. */
async function digestOf(opts: LoadOptions, composeText: string, vars: string[], files: string[]): Promise<string> {
  const contents = await Promise.all(files.map(readOrNull));
  const shellValues = vars.map((v) => [v, opts.env[v] ?? null]);
  const parts = [toolVersion, resolve(opts.file), opts.projectName ?? null, composeText, files, contents, shellValues];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Loads the stack like `loadStack`, but answers from a cache when the compose file, the env files
 * it read and the variables it looked up are all unchanged: `status` from cron then skips YAML
 * parsing, schema checks and normalisation. Only successful loads are cached, in a 0600 file
 * (services' environment values are in it); any cache problem just means a normal load.
 */
export async function loadStackCached(opts: LoadOptions, dir: string): Promise<StackSpec> {
  const entryPath = join(dir, `${createHash('sha256').update(JSON.stringify([resolve(opts.file), opts.envFile ?? null, opts.projectName ?? null])).digest('hex').slice(0, 32)}.json`);
  const composeText = await readOrNull(resolve(opts.file));
  const cached = composeText === null ? undefined : await readFile(entryPath, 'utf8').then((t) => JSON.parse(t) as CacheEntry, () => undefined);
  if (cached && composeText !== null && cached.digest === (await digestOf(opts, composeText, cached.vars, cached.files))) return cached.stack;

  const { loadStack } = await import('./load-stack.js');
  const inputs: LoadInputs = { vars: new Set(), files: new Set() };
  const stack = await loadStack({ ...opts, inputs });
  if (composeText !== null) {
    const vars = [...inputs.vars].sort();
    const files = [...inputs.files].sort();
    const entry: CacheEntry = { digest: await digestOf(opts, composeText, vars, files), vars, files, stack };
    await writeEntry(entryPath, dir, entry).catch(() => undefined);
  }
  return stack;
}

async function writeEntry(path: string, dir: string, entry: CacheEntry): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(entry), { mode: 0o600 });
  await rename(partial, path);
}
