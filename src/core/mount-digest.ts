import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ServiceSpec } from '../compose/types.js';

/** Past this many bytes a mounted tree is not hashed: it is data, not configuration. */
const maxBytes = 32 * 1024 * 1024;

async function walk(path: string, out: string[]): Promise<void> {
  const st = await stat(path);
  if (!st.isDirectory()) {
    out.push(path);
    return;
  }
  for (const entry of (await readdir(path)).sort()) await walk(join(path, entry), out);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
}

/**
 * A digest of the files a service mounts from the stack's own tree (the directory holding the
 * compose directory: compose/, monitoring/), so that editing prometheus.yml, a rule file or a secret
 * makes deploy recreate exactly the services that read it. Host paths outside the tree (/proc, /sys,
 * /) are not read. Undefined when the service mounts nothing from the tree.
 */
export async function mountDigest(service: ServiceSpec, workingDir: string): Promise<string | undefined> {
  const root = dirname(workingDir);
  const sources = service.volumes.filter((m) => m.type === 'bind' && isInside(root, m.source)).map((m) => m.source);
  if (sources.length === 0) return undefined;
  const hash = createHash('sha256');
  let bytes = 0;
  for (const source of [...new Set(sources)].sort()) {
    const files: string[] = [];
    await walk(source, files).catch(() => undefined);
    for (const file of files) {
      const content = await readFile(file).catch(() => Buffer.alloc(0));
      bytes += content.length;
      if (bytes > maxBytes) return `too-large:${source}`;
      hash.update(`${relative(root, file)}\0${content.length}\0`).update(content);
    }
  }
  return hash.digest('hex');
}
