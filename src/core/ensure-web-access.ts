import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import type { ServiceSpec } from '../compose/types.js';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { toolPasswordFile, toolWebUser } from '../health/web-credentials.js';
import { secretsDir } from './ensure-secrets.js';
import { webAccessSettings, type WebAccessSettings } from './web-access-settings.js';
import { renderLocalUrl, renderSdTargets, renderWebConfig, webConfigMount, webConfigUsers } from './web-config.js';

/** bcrypt cost: 0.3 s per hash on this loaded 2-core machine; the programs cache a successful check, so requests stay cheap. */
const bcryptCost = 10;

/** The directory mounted read-only into Prometheus and AlertManager: web config, TLS pair, their own password. */
export function webDir(workingDir: string): string {
  return join(secretsDir(workingDir), 'web');
}

/** What deploy reports about access control. Never a password. */
export interface WebAccessReport {
  auth: boolean;
  tls: boolean;
  reason: string;
  /** Where the tool's credentials live (user `ish-monitor`). */
  passwordFile: string;
  /** Password files created by this deploy. */
  generated: string[];
}

const uidOf = (s: ServiceSpec | undefined) => {
  const uid = Number(s?.user?.split(':')[0]);
  return Number.isInteger(uid) && uid > 0 ? uid : undefined;
};

/** Writes a 0600 file owned by `uid` (when root), only when its content differs, so the mount digest stays put. */
async function putSecret(path: string, content: string | Buffer, uid: number | undefined): Promise<void> {
  const before = await readFile(path).catch(() => undefined);
  if (!before?.equals(Buffer.from(content))) await writeFileAtomic(path, content.toString(), 0o600);
  await chmod(path, 0o600);
  if (process.getuid?.() === 0 && uid !== undefined) await chown(path, uid, 0);
}

async function password(path: string, uid: number | undefined, generated: string[]): Promise<string> {
  const existing = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (existing) return existing;
  const value = randomBytes(32).toString('base64url');
  await putSecret(path, value, uid);
  generated.push(path);
  return value;
}

async function readTls(tls: NonNullable<WebAccessSettings['tls']>): Promise<{ cert: Buffer; key: Buffer }> {
  const read = (path: string, name: string) =>
    readFile(path).catch((err: NodeJS.ErrnoException) => {
      throw new ConfigError(`${name} ${path} cannot be read (${err.code ?? err.message})`, `set ${name} in compose/.env to a readable PEM file`);
    });
  const [cert, key] = await Promise.all([read(tls.certFile, 'ISH_MONITOR_TLS_CERT_FILE'), read(tls.keyFile, 'ISH_MONITOR_TLS_KEY_FILE')]);
  let matches: boolean;
  try {
    matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch (err) {
    throw new ConfigError(`TLS certificate ${tls.certFile} or key ${tls.keyFile} is not valid PEM: ${(err as Error).message}`, 'give a PEM certificate (chain) and its unencrypted PEM private key');
  }
  if (!matches) throw new ConfigError(`TLS key ${tls.keyFile} does not belong to certificate ${tls.certFile}`, 'set ISH_MONITOR_TLS_KEY_FILE to the certificate\'s private key');
  return { cert, key };
}

async function hashFor(pw: string, old: string | undefined): Promise<string> {
  return old && (await bcrypt.compare(pw, old)) ? old : bcrypt.hash(pw, bcryptCost);
}

/**
 * Generates what the web config of Prometheus and AlertManager needs under `compose/secrets/`: one
 * password per user (the tool, Prometheus itself, Grafana; each 0600 and owned by the container
 * user that reads it), the web config with their bcrypt hashes when auth is on, the TLS pair copied
 * from the operator's files, and the scheme and local URL for prometheus.yml and the healthchecks.
 * Files are rewritten only when their content changes (an unchanged password keeps its hash).
 * Undefined when no selected service uses the web config; with `dryRun` nothing is written.
 */
export async function ensureWebAccess(workingDir: string, services: ServiceSpec[], dryRun: boolean): Promise<WebAccessReport | undefined> {
  const settings = webAccessSettings(services, workingDir);
  if (!settings) return undefined;
  const report = { auth: settings.auth, tls: settings.tls !== undefined, reason: settings.reason, passwordFile: toolPasswordFile(workingDir), generated: [] as string[] };
  const tls = settings.tls ? await readTls(settings.tls) : undefined;
  if (dryRun) return report;

  const dir = webDir(workingDir);
  const webUid = uidOf(settings.services[0]);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  if (process.getuid?.() === 0 && webUid !== undefined) await chown(dir, webUid, 0);
  const grafanaFile = join(secretsDir(workingDir), 'grafana_web_password');
  const grafana = services.find((s) => s.volumes.some((m) => m.type === 'bind' && m.source === grafanaFile));
  const passwords: Record<string, string> = {
    [toolWebUser]: await password(report.passwordFile, undefined, report.generated),
    prometheus: await password(join(dir, 'prometheus_password'), webUid, report.generated),
    grafana: await password(grafanaFile, uidOf(grafana), report.generated),
  };

  const users: Record<string, string> = {};
  if (settings.auth) {
    const old = webConfigUsers(await readFile(join(dir, 'web-config.yml'), 'utf8').catch(() => ''));
    for (const [user, pw] of Object.entries(passwords)) users[user] = await hashFor(pw, old[user]);
  }
  for (const [name, content] of [['tls.crt', tls?.cert], ['tls.key', tls?.key]] as const) {
    // A pair left from an earlier TLS setting would keep a copy of the key for nothing.
    if (content) await putSecret(join(dir, name), content, webUid);
    else await rm(join(dir, name), { force: true });
  }
  const https = tls !== undefined;
  const inside = tls ? { certFile: `${webConfigMount}/tls.crt`, keyFile: `${webConfigMount}/tls.key` } : undefined;
  await putSecret(join(dir, 'web-config.yml'), renderWebConfig({ users, ...(inside ? { tls: inside } : {}) }), webUid);
  await putSecret(join(dir, 'local-url'), renderLocalUrl(https, settings.auth ? { user: 'prometheus', password: passwords.prometheus! } : undefined), webUid);
  await putSecret(join(dir, 'sd-prometheus.yml'), renderSdTargets('localhost:9090', https), webUid);
  await putSecret(join(dir, 'sd-alertmanager.yml'), renderSdTargets('alertmanager:9093', https), webUid);
  return report;
}
