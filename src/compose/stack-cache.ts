import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readJsonFile, readSmallFile } from '../read-small-file.js';
import { toolVersion } from '../version.js';
import type { LoadInputs, LoadOptions, StackSpec } from './types.js';

/** One cached load: what it depended on and what it produced. */
interface CacheEntry {
  /** Everything the load depended on, as one string (compared whole: no hash to compute). */
  inputs: string;
  vars: string[];
  files: string[];
  stack: StackSpec;
}

/** Where cached loads live: $XDG_CACHE_HOME/ish-monitor, else ~/.cache/ish-monitor (mode 0700). */
export function cacheDir(env: Record<string, string | undefined>): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'ish-monitor');
}

/** Everything a load depends on, as one string: tool version, compose text, env files, variables. */
function inputsOf(opts: LoadOptions, composeText: string, vars: string[], files: string[]): string {
  const shellValues = vars.map((v) => [v, opts.env[v] ?? null]);
  return JSON.stringify([toolVersion, resolve(opts.file), opts.projectName ?? null, composeText, files, files.map(readSmallFile), shellValues]);
}

/** The cache file's name for a compose file, env file and project name: FNV-1a, 2 x 32 bits (a collision only costs a miss). */
function entryName(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}.json`;
}

/**
 * Loads the stack like `loadStack`, but answers from a cache when the compose file, the env files
 * it read and the variables it looked up are all unchanged: `status` from cron then skips YAML
 * parsing, schema checks and normalisation. Only successful loads are cached, in a 0600 file
 * (services' environment values are in it); any cache problem just means a normal load.
 */
export async function loadStackCached(opts: LoadOptions, dir: string): Promise<StackSpec> {
  const entryPath = join(dir, entryName(JSON.stringify([resolve(opts.file), opts.envFile ?? null, opts.projectName ?? null])));
  // Synchronous reads on the hit path, and no hash: status, its main user, would pay for fs/promises and node:crypto.
  const composeText = readSmallFile(resolve(opts.file));
  const cached = composeText === undefined ? undefined : readJsonFile<CacheEntry>(entryPath);
  if (cached && composeText !== undefined && cached.inputs === inputsOf(opts, composeText, cached.vars, cached.files)) return cached.stack;

  const { loadStack } = await import('./load-stack.js');
  const inputs: LoadInputs = { vars: new Set(), files: new Set() };
  const stack = await loadStack({ ...opts, inputs });
  if (composeText !== undefined) {
    const vars = [...inputs.vars].sort();
    const files = [...inputs.files].sort();
    const entry: CacheEntry = { inputs: inputsOf(opts, composeText, vars, files), vars, files, stack };
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
