import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ServiceSpec } from '../compose/types.js';

/** A configuration directory and its files (relative path -> content). */
export interface ConfigTree {
  dir: string;
  files: Map<string, Buffer>;
}

/**
 * The regular files under `dir`, by path relative to it (`/`-separated), sorted, with their content;
 * empty when `dir` does not exist (deploy names a missing bind source itself).
 */
export async function readConfigTree(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return [];
    throw err;
  });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  const tree = new Map<string, Buffer>();
  for (const file of files.sort()) tree.set(relative(dir, file).split('\\').join('/'), await readFile(file));
  return tree;
}

/** The configuration directories a service mounts from the stack's tree, read. */
export async function mountedTrees(service: ServiceSpec, targets: string[]): Promise<ConfigTree[]> {
  const dirs = service.volumes.filter((m) => m.type === 'bind' && targets.includes(m.target)).map((m) => m.source);
  const trees = await Promise.all(dirs.map(async (dir) => ({ dir, files: await readConfigTree(dir) })));
  return trees.filter((t) => t.files.size > 0);
}
