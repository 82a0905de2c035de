import { describe, expect, it } from 'vitest';
import { findUnsafeEntry } from '../../../src/backup/entry-safety.js';
import type { ManifestEntry } from '../../../src/backup/manifest.js';

const prefixes = ['volumes/grafana_data/', 'volumes/prometheus_data/'];
const entry = (path: string, type = 'File', linkpath?: string): ManifestEntry => ({ path, type, size: 0, sha256: '', ...(linkpath ? { linkpath } : {}) });
const safe = [entry('ish-monitor-backup.json'), entry('config/compose/docker-compose.monitoring.yml'), entry('volumes/grafana_data/', 'Directory'), entry('volumes/grafana_data/grafana.db')];

describe('findUnsafeEntry', () => {
  it('accepts what ish-monitor backup writes: files, directories, links that stay inside their volume', () => {
    const links = [
      entry('volumes/grafana_data/plugins/current', 'SymbolicLink', 'v2'),
      entry('volumes/grafana_data/a/b/up', 'SymbolicLink', '../../grafana.db'),
      entry('volumes/prometheus_data/hard', 'Link', 'volumes/prometheus_data/chunks/000001'),
    ];
    expect(findUnsafeEntry([...safe, ...links], prefixes)).toBeUndefined();
  });

  it.each([
    [entry('/etc/passwd'), 'absolute path'],
    [entry('volumes/grafana_data/../../evil'), 'path contains ".."'],
    [entry('config/../../evil'), 'path contains ".."'],
    [entry('volumes/other_data/x'), 'belongs to no volume listed in the manifest'],
    [entry('volumes/grafana_data/escape', 'SymbolicLink', '../../../../etc'), 'symbolic link to ../../../../etc points out of the volume'],
    [entry('volumes/grafana_data/a/up', 'SymbolicLink', '../..'), 'symbolic link to ../.. points out of the volume'],
    [entry('volumes/grafana_data/abs', 'SymbolicLink', '/etc/shadow'), 'symbolic link to the absolute path /etc/shadow points out of the volume'],
    [entry('volumes/grafana_data/hard', 'Link', 'volumes/prometheus_data/x'), 'hard link to volumes/prometheus_data/x points out of the volume'],
    [entry('volumes/grafana_data/hard', 'Link', '/etc/passwd'), 'hard link to /etc/passwd points out of the volume'],
    [entry('volumes/grafana_data/null', 'CharacterDevice'), 'CharacterDevice special file: restore writes no device files or FIFOs'],
    [entry('volumes/grafana_data/sda', 'BlockDevice'), 'BlockDevice special file: restore writes no device files or FIFOs'],
    [entry('volumes/grafana_data/pipe', 'FIFO'), 'FIFO special file: restore writes no device files or FIFOs'],
  ])('refuses %j naming it: %s', (bad, reason) => {
    expect(findUnsafeEntry([...safe, bad, entry('volumes/grafana_data/later')], prefixes)).toEqual({ entry: bad.path, reason });
  });
});
