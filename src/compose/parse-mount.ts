import { isAbsolute, resolve } from 'node:path';
import { InvalidValueError } from './invalid-value.js';
import type { RawMount } from './raw-compose.js';
import type { MountSpec } from './types.js';

/** Where relative bind sources resolve: the compose file's directory, and `~` for the home directory. */
export interface MountContext {
  workingDir: string;
  home?: string;
}

// The engine's rule for volume names; anything else that is not a path is a mistake.
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const SHORT_HINT = 'use NAME:/path[:ro] for a named volume or ./dir:/path[:ro] for a bind mount';

/**
 * Parses one service `volumes:` entry. Short form `src:dst[:ro|rw]`: a source starting with `/`, `.` or
 * `~` is a bind mount, resolved to an absolute path; anything else names a volume. Long form
 * `{type, source, target, read_only}`. Anonymous volumes (no source) are not supported: backups and
 * cleanup need a name to find them by.
 */
export function parseMount(entry: string | RawMount, ctx: MountContext): MountSpec {
  if (typeof entry === 'object') {
    if (entry.source === undefined || entry.source === '') {
      throw new InvalidValueError(`invalid ${entry.type} mount for "${entry.target}": source is missing`, 'anonymous volumes are not supported; name the volume');
    }
    const target = checkTarget(entry.target, entry.target);
    const source = entry.type === 'bind' ? hostPath(entry.source, ctx) : volumeName(entry.source, entry.source);
    return { type: entry.type, source, target, readOnly: entry.read_only ?? false };
  }
  const parts = entry.split(':');
  if (parts.length === 1) {
    throw new InvalidValueError(`invalid volume "${entry}": anonymous volumes are not supported`, `name the volume (e.g. data:${entry}) and declare it under the top-level volumes`);
  }
  if (parts.length > 3) throw new InvalidValueError(`invalid volume "${entry}": too many ":"`, SHORT_HINT);
  const [src = '', dst = '', mode] = parts;
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') {
    throw new InvalidValueError(`invalid volume "${entry}": unsupported mode "${mode}"`, 'use ro or rw');
  }
  if (src === '') throw new InvalidValueError(`invalid volume "${entry}": source is empty`, SHORT_HINT);
  const target = checkTarget(dst, entry);
  const bind = /^[./~]/.test(src);
  return {
    type: bind ? 'bind' : 'volume',
    source: bind ? hostPath(src, ctx) : volumeName(src, entry),
    target,
    readOnly: mode === 'ro',
  };
}

function hostPath(src: string, ctx: MountContext): string {
  if (src === '~' || src.startsWith('~/')) {
    if (!ctx.home) throw new InvalidValueError(`invalid bind source "${src}": HOME is not set`, 'use an absolute or ./relative path');
    return resolve(ctx.home, src.slice(2));
  }
  return isAbsolute(src) ? resolve(src) : resolve(ctx.workingDir, src);
}

function volumeName(name: string, spec: string): string {
  if (!VOLUME_NAME.test(name)) {
    throw new InvalidValueError(`invalid volume "${spec}": "${name}" is neither a volume name nor a path`, 'start host paths with ./, ../ or /; volume names use letters, digits, _ . -');
  }
  return name;
}

function checkTarget(target: string, spec: string): string {
  if (!target.startsWith('/')) throw new InvalidValueError(`invalid volume "${spec}": target "${target}" is not an absolute path`, SHORT_HINT);
  return target;
}
