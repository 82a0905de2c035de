import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ServiceSpec } from '../compose/types.js';
import { ConfigError } from '../errors.js';

/** A secret file deploy created or found, for the report: never its content. */
export interface SecretFile {
  path: string;
  service: string;
  generated: boolean;
  /** The file exists but is empty: whatever reads it is not configured yet. */
  empty: boolean;
  /** Set when the file is readable by group or others. */
  tooOpen: boolean;
}

/** The secrets directory: bind sources under it are secrets that deploy generates when missing. */
export function secretsDir(workingDir: string): string {
  return join(workingDir, 'secrets');
}

function isUnder(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The content of a new secret file. A credential the stack issues itself (`*admin_password`, e.g.
 * Grafana's) gets 32 random bytes, URL-safe; a credential of an outside system (an SMTP password,
 * a Slack webhook URL) cannot be invented, so its file starts empty for the operator to fill.
 */
export function newSecretContent(path: string): string {
  return /admin_password$/.test(path) ? randomBytes(32).toString('base64url') : '';
}

/**
 * Makes sure every secret file (a bind source under `secrets/`) the services mount exists: a missing
 * one is created with `newSecretContent`, mode 0600, owned by the service's numeric user when running
 * as root (so only that container user and root can read it). Other missing bind sources are a config error: Docker would silently create
 * an empty directory in their place. With `dryRun` nothing is written.
 */
export async function ensureSecrets(workingDir: string, services: ServiceSpec[], dryRun: boolean): Promise<SecretFile[]> {
  const dir = secretsDir(workingDir);
  const found: SecretFile[] = [];
  for (const service of services) {
    for (const m of service.volumes) {
      if (m.type !== 'bind') continue;
      if (!isUnder(dir, m.source)) {
        if (!(await exists(m.source))) {
          throw new ConfigError(
            `service ${service.name} mounts ${m.source}, which does not exist`,
            'create it, or fix the volume path in the compose file (relative paths start at the compose file\'s directory)',
          );
        }
        continue;
      }
      if (await exists(m.source)) {
        const st = await stat(m.source);
        found.push({ path: m.source, service: service.name, generated: false, empty: st.size === 0, tooOpen: (st.mode & 0o077) !== 0 });
        continue;
      }
      const content = newSecretContent(m.source);
      found.push({ path: m.source, service: service.name, generated: true, empty: content === '', tooOpen: false });
      if (dryRun) continue;
      await mkdir(dirname(m.source), { recursive: true, mode: 0o700 });
      // 'wx': never overwrite a secret that appeared meanwhile.
      const fh = await open(m.source, 'wx', 0o600);
      try {
        await fh.writeFile(content);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await chmod(m.source, 0o600);
      const uid = Number(service.user?.split(':')[0]);
      if (process.getuid?.() === 0 && Number.isInteger(uid) && uid > 0) await chown(m.source, uid, 0);
    }
  }
  return found;
}
