import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/write-atomic.js';
import { ensureStateDir } from './state-dir.js';

/** A service as it ran before an upgrade: enough to put the same container back, or recreate its like. */
export interface RecordedService {
  service: string;
  containerId: string;
  /** The container's name before it was set aside. */
  name: string;
  image: string;
  imageId: string;
  configHash: string;
  running: boolean;
  /** What the upgrade moves it to. */
  newImage: string;
  newImageId: string;
}

/** The state an upgrade started from, written before anything changes: what `upgrade --rollback` returns to. */
export interface UpgradeRecord {
  project: string;
  startedAt: string;
  /** in-progress until the upgrade ends; a record still in progress means the run was killed. */
  status: 'in-progress' | 'done' | 'rolled-back';
  /** The compose file the stack ran from before, and the env file given with --env-file, if any. */
  composeFile: string;
  envFile?: string;
  /** The env file `--set` writes (the explicit one, else `.env` next to the compose file). */
  envPath: string;
  profiles: string[];
  /** Image variables `--set` writes into the env file, with their values before (null: absent). */
  envBefore: Record<string, string | null>;
  envAfter: Record<string, string>;
  backup?: string;
  /** Services the upgrade changes, in dependency order. */
  services: RecordedService[];
  /** Services the upgrade adds (new in a --to file): a rollback removes their containers. */
  added: string[];
  /** After a rollback: services whose recorded version refused the data the new version left, and those restored from the backup. */
  data?: { refused: string[]; restored: string[] };
}

const recordFile = 'last-upgrade.json';

/** Writes the record atomically (`.partial`, fsync, rename), mode 0600. */
export async function writeUpgradeRecord(dir: string, record: UpgradeRecord): Promise<void> {
  await ensureStateDir(dir);
  await writeFileAtomic(join(dir, recordFile), `${JSON.stringify(record, null, 2)}\n`, 0o600);
}

/** The last upgrade's record, or undefined when there is none. */
export async function readUpgradeRecord(dir: string): Promise<UpgradeRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, recordFile), 'utf8')) as UpgradeRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

