import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { SourceEntry } from './archive-writer.js';

/** Archive prefix of the stack's configuration. */
export const configPrefix = 'config/';

/** A configuration file or directory to archive, found before anything is stopped. */
export interface ConfigItem {
  abs: string;
  /** Archive path, under config/. */
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink';
  size: number;
  mode: number;
  mtime: Date;
  linkpath?: string;
}

/**
 * The stack's configuration: the compose file's directory (the compose file and its .env) and the
 * `monitoring/` directory beside it, as `config/<dir>/...`. compose/secrets/ is never included: the
 * secrets are regenerated or re-entered on a new host, and an archive should not carry credentials.
 */
export async function listConfigItems(composeFile: string): Promise<{ roots: string[]; items: ConfigItem[] }> {
  const composeDir = dirname(composeFile);
  const base = dirname(composeDir);
  const roots = [composeDir, join(base, 'monitoring')];
  const secrets = join(composeDir, 'secrets');
  const items: ConfigItem[] = [];
  const found: string[] = [];
  const visit = async (abs: string): Promise<void> => {
    if (abs === secrets) return;
    const st = await lstat(abs).catch(() => undefined);
    if (!st) return;
    const path = `${configPrefix}${relative(base, abs).split(sep).join('/')}`;
    const common = { abs, mode: st.mode & 0o7777, mtime: st.mtime };
    if (st.isDirectory()) {
      items.push({ ...common, path: `${path}/`, type: 'Directory', size: 0 });
      for (const name of (await readdir(abs)).sort()) await visit(join(abs, name));
    } else if (st.isFile()) {
      items.push({ ...common, path, type: 'File', size: st.size });
    } else if (st.isSymbolicLink()) {
      items.push({ ...common, path, type: 'SymbolicLink', size: 0, linkpath: await readlink(abs) });
    }
  };
  for (const root of roots) {
    const before = items.length;
    await visit(root);
    if (items.length > before) found.push(basename(root));
  }
  return { roots: found, items };
}

// Opened only when the member is written: a run that fails earlier leaves no open descriptors.
async function* readLazily(abs: string): AsyncIterable<Uint8Array> {
  yield* createReadStream(abs);
}

/** The archive member of a configuration item; a file's body is read when the member is written. */
export function configEntry(item: ConfigItem): SourceEntry {
  return {
    fields: { path: item.path, type: item.type, size: item.size, mode: item.mode, mtime: item.mtime, ...(item.linkpath ? { linkpath: item.linkpath } : {}) },
    ...(item.type === 'File' ? { body: readLazily(item.abs) } : {}),
  };
}
