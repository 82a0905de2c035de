import { BackupError } from './backup-error.js';

/** Archive format identifier and version, in both the header and the manifest. */
export const archiveFormat = 'ish-monitor-backup';
export const archiveFormatVersion = 1;
/** First member: a small summary, so `backup list` reads a few kilobytes instead of the whole archive. */
export const headerPath = 'ish-monitor-backup.json';
/** Next to last member: the full manifest, written once every checksum is known. */
export const manifestPath = 'manifest.json';
/** Last member: the SHA-256 of manifest.json, so a damaged manifest is named as such. */
export const manifestDigestPath = 'manifest.json.sha256';

/** How a service's data was made consistent for the copy. */
export type BackupMethod = 'tsdb-snapshot' | 'stopped-during-copy' | 'already-stopped';

/** Archive compression. */
export type Compression = 'gzip' | 'zstd' | 'none';

/** What the first member says: enough for `backup list`. */
export interface BackupHeader {
  format: typeof archiveFormat;
  formatVersion: number;
  toolVersion: string;
  project: string;
  createdAt: string;
  compression: Compression;
  services: string[];
  volumes: string[];
}

/** One member of the archive as recorded in the manifest (every member but the manifest's two). */
export interface ManifestEntry {
  path: string;
  /** tar's type name: File, Directory, SymbolicLink, Link, ... */
  type: string;
  size: number;
  /** SHA-256 (hex) of the member's body; of nothing for members without one. */
  sha256: string;
  linkpath?: string;
}

/** A service included in the backup. */
export interface ManifestService {
  service: string;
  image: string;
  imageId: string;
  repoDigests: string[];
  method: BackupMethod;
  volumes: string[];
  /** Where the copy came from when not the service's only container: on Swarm, the peer and its task. */
  origin?: string;
}

/** A data volume included in the backup. */
export interface ManifestVolume {
  /** Name in the compose file. */
  volume: string;
  /** Name on the engine. */
  engineName: string;
  service: string;
  /** Where the service mounts it. */
  mountPath: string;
  /** The container path that was archived (the mount path, or the TSDB snapshot directory). */
  sourcePath: string;
  /** Archive prefix of its members, e.g. `volumes/grafana_data/`. */
  prefix: string;
  /** Paths under the mount path that belong to other mounts and were left out. */
  excluded: string[];
  entries: number;
  bytes: number;
}

/** The full manifest: what the archive holds and how each part was taken. */
export interface BackupManifest extends BackupHeader {
  finishedAt: string;
  composeFile: { name: string; sha256: string };
  serviceDetails: ManifestService[];
  volumeDetails: ManifestVolume[];
  config: { prefix: string; roots: string[]; entries: number; bytes: number };
  entries: ManifestEntry[];
}

function fail(what: string, reason: string): never {
  throw new BackupError(`${what} is not a valid ish-monitor backup ${what === headerPath ? 'header' : 'manifest'}: ${reason}`, 'the archive is damaged or was not written by ish-monitor');
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function parseObject(what: string, text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    fail(what, `not JSON (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(what, 'not a JSON object');
  const o = doc as Record<string, unknown>;
  if (o.format !== archiveFormat) fail(what, `format is ${JSON.stringify(o.format)}, expected "${archiveFormat}"`);
  if (o.formatVersion !== archiveFormatVersion) fail(what, `format version ${String(o.formatVersion)} is not supported (this tool reads ${archiveFormatVersion})`);
  for (const k of ['toolVersion', 'project', 'createdAt', 'compression']) if (!isString(o[k])) fail(what, `"${k}" is missing`);
  for (const k of ['services', 'volumes']) if (!isStrings(o[k])) fail(what, `"${k}" is not a list of names`);
  return o;
}

/** Parses and checks the first member. */
export function parseHeader(text: string): BackupHeader {
  return parseObject(headerPath, text) as unknown as BackupHeader;
}

/** Parses and checks manifest.json: every entry must have a path, type, size and checksum. */
export function parseManifest(text: string): BackupManifest {
  const o = parseObject(manifestPath, text);
  if (!Array.isArray(o.entries)) fail(manifestPath, '"entries" is missing');
  (o.entries as unknown[]).forEach((e, i) => {
    const x = e as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || !isString(x.path) || !isString(x.type) || typeof x.size !== 'number' || !isString(x.sha256) || !/^[0-9a-f]{64}$/.test(x.sha256)) {
      fail(manifestPath, `entry ${i} lacks a path, type, size or SHA-256`);
    }
  });
  if (!Array.isArray(o.serviceDetails) || !Array.isArray(o.volumeDetails)) fail(manifestPath, '"serviceDetails" or "volumeDetails" is missing');
  return o as unknown as BackupManifest;
}

/** The header that goes first, taken from the same facts as the manifest. */
export function headerOf(m: Pick<BackupManifest, keyof BackupHeader>): BackupHeader {
  return {
    format: archiveFormat,
    formatVersion: archiveFormatVersion,
    toolVersion: m.toolVersion,
    project: m.project,
    createdAt: m.createdAt,
    compression: m.compression,
    services: m.services,
    volumes: m.volumes,
  };
}

/** Why a recorded entry and a read one differ, or undefined when they match. */
export function entryMismatch(expected: ManifestEntry, actual: ManifestEntry): string | undefined {
  if (expected.path !== actual.path) return `expected ${expected.path} here, found ${actual.path}`;
  if (expected.type !== actual.type) return `type is ${actual.type}, the manifest says ${expected.type}`;
  if (expected.size !== actual.size) return `size is ${actual.size} bytes, the manifest says ${expected.size}`;
  if (expected.sha256 !== actual.sha256) return 'SHA-256 does not match the manifest';
  if ((expected.linkpath ?? '') !== (actual.linkpath ?? '')) return `link target is ${actual.linkpath ?? ''}, the manifest says ${expected.linkpath ?? ''}`;
  return undefined;
}
