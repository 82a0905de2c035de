import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import type { MountSpec, ServiceSpec } from '../compose/types.js';
import type { SwarmFileRef } from '../docker/swarm-types.js';
import { ConfigError } from '../errors.js';
import { secretsDir } from '../core/ensure-secrets.js';

/** Swarm refuses configs and secrets of 500 KiB or more. */
const maxBytes = 500 * 1024;
/** Swarm object names are at most 64 characters. */
const maxName = 64;

/** A config or secret a deploy needs, named by its content so that a change is a new object. */
export interface SwarmFile {
  kind: 'config' | 'secret';
  name: string;
  data: Buffer;
}

/** What the mounts of one service become on Swarm. */
export interface ServiceFiles {
  configs: SwarmFileRef[];
  secrets: SwarmFileRef[];
  /** Binds of node paths (/proc, /sys, the Docker socket): kept as binds on whatever node runs the task. */
  nodeBinds: MountSpec[];
}

/** Every config and secret of the stack (by name) and what each service mounts. */
export interface StackFiles {
  objects: Map<string, SwarmFile>;
  services: Map<string, ServiceFiles>;
  warnings: string[];
}

/** `<project>_<file name>_<first 12 hex of its SHA-256>`, cut to Swarm's 64 characters. */
export function versionedName(project: string, fileName: string, data: Buffer): string {
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 12);
  const base = fileName.replace(/[^a-zA-Z0-9_.-]/g, '-');
  const room = Math.max(1, maxName - project.length - hash.length - 2);
  return `${project}_${base.slice(0, room).replace(/[-_.]+$/, '') || 'file'}_${hash}`;
}

function isUnder(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

/** Files of a directory, recursively, as paths relative to it (sorted, for stable output). */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** uid and gid of the service's numeric `user:` ("65534:65534", "472:0"); root otherwise. */
function owner(service: ServiceSpec): { UID: string; GID: string } {
  const [uid, gid] = (service.user ?? '').split(':');
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? v : '0');
  return { UID: num(uid), GID: num(gid ?? uid) };
}

/**
 * Turns the read-only binds of the stack's own files into Swarm configs (files of the checkout, e.g.
 * ../monitoring/prometheus) and secrets (files under compose/secrets/), one object per file (a
 * bound directory becomes one per file inside it, at the same place). Binds outside the checkout
 * (the compose file's parent directory) are node paths and stay binds. `overrides` replaces the
 * content of a file by its absolute path (the service-discovery files that list the Swarm peers).
 * An empty file cannot be a Swarm object: it is left out with a warning, as the program then sees
 * no file where it would have read nothing. A file too big for Swarm is a ConfigError naming it.
 */
export async function collectStackFiles(project: string, workingDir: string, services: ServiceSpec[], overrides: Map<string, string>): Promise<StackFiles> {
  const checkout = dirname(workingDir);
  const secrets = secretsDir(workingDir);
  const objects = new Map<string, SwarmFile>();
  const perService = new Map<string, ServiceFiles>();
  const warnings: string[] = [];
  for (const service of services) {
    const files: ServiceFiles = { configs: [], secrets: [], nodeBinds: [] };
    perService.set(service.name, files);
    for (const m of service.volumes) {
      if (m.type !== 'bind') continue;
      if (!isUnder(checkout, m.source)) {
        files.nodeBinds.push(m);
        continue;
      }
      const isDir = (await stat(m.source)).isDirectory();
      const members = isDir ? (await walk(m.source)).map((rel) => ({ path: join(m.source, rel), target: posix.join(m.target, rel.split(sep).join('/')) })) : [{ path: m.source, target: m.target }];
      const kind = isUnder(secrets, m.source) || m.source === secrets ? 'secret' : 'config';
      for (const { path, target } of members) {
        const override = overrides.get(path);
        const data = override !== undefined ? Buffer.from(override) : await readFile(path);
        if (data.length === 0) {
          warnings.push(`${path} is empty: Swarm takes no empty ${kind}, so ${service.name} sees no file at ${target}`);
          continue;
        }
        if (data.length >= maxBytes) throw new ConfigError(`${path} is ${data.length} bytes: Swarm takes configs and secrets under 500 KiB`, `make it smaller, or split it (service ${service.name} mounts it)`);
        const name = versionedName(project, basename(path), data);
        objects.set(name, { kind, name, data });
        const file = { Name: target, ...owner(service), Mode: kind === 'secret' ? 0o400 : 0o444 };
        if (kind === 'secret') files.secrets.push({ File: file, SecretName: name });
        else files.configs.push({ File: file, ConfigName: name });
      }
    }
  }
  return { objects, services: perService, warnings };
}
