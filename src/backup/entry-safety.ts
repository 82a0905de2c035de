import { posix } from 'node:path';
import type { ManifestEntry } from './manifest.js';

/** Archive prefix of the data volumes: `volumes/<volume>/...`. */
export const volumesPrefix = 'volumes/';

/** A member restore refuses to extract, and why. */
export interface UnsafeEntry {
  entry: string;
  reason: string;
}

const specialTypes = new Set(['CharacterDevice', 'BlockDevice', 'FIFO']);

/** Whether a path climbs out of where it starts (a `..` component after normalising) or is absolute. */
function escapes(path: string): boolean {
  if (path.startsWith('/')) return true;
  const norm = posix.normalize(path);
  return norm === '..' || norm.startsWith('../');
}

/**
 * The first member of a (verified) archive that restore must not extract: an absolute path or a
 * `..` component anywhere, a member under `volumes/` outside the manifest's volumes, a symbolic
 * link whose target leaves its volume (absolute targets included: inside a container they point at
 * the container's root), a hard link to another volume, or a device file or FIFO.
 */
export function findUnsafeEntry(entries: ManifestEntry[], volumePrefixes: string[]): UnsafeEntry | undefined {
  for (const e of entries) {
    const fail = (reason: string): UnsafeEntry => ({ entry: e.path, reason });
    if (e.path.startsWith('/')) return fail('absolute path');
    if (e.path.split('/').includes('..')) return fail('path contains ".."');
    if (!e.path.startsWith(volumesPrefix)) continue;
    const prefix = volumePrefixes.find((p) => e.path.startsWith(p));
    if (!prefix) return fail('belongs to no volume listed in the manifest');
    if (specialTypes.has(e.type)) return fail(`${e.type} special file: restore writes no device files or FIFOs`);
    const rel = e.path.slice(prefix.length);
    const link = e.linkpath ?? '';
    if (e.type === 'SymbolicLink') {
      if (link.startsWith('/')) return fail(`symbolic link to the absolute path ${link} points out of the volume`);
      if (escapes(posix.join(posix.dirname(rel), link))) return fail(`symbolic link to ${link} points out of the volume`);
    }
    if (e.type === 'Link' && (!link.startsWith(prefix) || escapes(link.slice(prefix.length)))) return fail(`hard link to ${link} points out of the volume`);
  }
  return undefined;
}
