import { describe, expect, it } from 'vitest';
import type { ListedBackup } from '../../../src/core/list-backups.js';
import { selectPrunable } from '../../../src/core/prune-backups.js';

const day = 86_400_000;
const now = Date.parse('2026-03-31T00:00:00Z');
// Newest first, as listBackups returns them: 0, 10, 20, 40 and 60 days old.
const backups = [0, 10, 20, 40, 60].map(
  (age): ListedBackup => ({ file: `/b/${age}`, project: 'p', createdAt: new Date(now - age * day).toISOString(), sizeBytes: 1, compression: 'gzip', services: [], volumes: [], verified: 'unknown' }),
);
const files = (l: ListedBackup[]) => l.map((b) => b.file);

describe('selectPrunable', () => {
  it('--keep N deletes all but the N newest', () => {
    expect(files(selectPrunable(backups, { keep: 2 }, now))).toEqual(['/b/20', '/b/40', '/b/60']);
    expect(selectPrunable(backups, { keep: 9 }, now)).toEqual([]);
  });
  it('--older-than deletes only archives older than the age', () => {
    expect(files(selectPrunable(backups, { olderThanMs: 30 * day }, now))).toEqual(['/b/40', '/b/60']);
  });
  it('both: an archive goes only when beyond the N newest and older than the age', () => {
    expect(files(selectPrunable(backups, { keep: 4, olderThanMs: 15 * day }, now))).toEqual(['/b/60']);
    expect(files(selectPrunable(backups, { keep: 1, olderThanMs: 15 * day }, now))).toEqual(['/b/20', '/b/40', '/b/60']);
  });
});
