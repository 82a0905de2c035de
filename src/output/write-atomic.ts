import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes a whole file or nothing: to `<path>.partial` first, fsynced, then renamed over `path`, so
 * a reader (node-exporter's textfile collector) never sees half a file.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
  const partial = `${path}.partial`;
  try {
    const fh = await open(partial, 'w', mode);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}
