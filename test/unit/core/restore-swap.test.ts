import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discardCommand, incomingDir, previousDir, swapCommand, targetRoot } from '../../../src/core/restore-helper.js';

/**
 * The helper scripts, run by the host's POSIX sh on directories standing in for the volumes mounted
 * at /target/<volume> (the script's root path is the only thing changed).
 */
function runScript(command: string[], root: string) {
  const [script, ...args] = command;
  return spawnSync('sh', ['-c', script!.replaceAll(targetRoot, root), ...args], { encoding: 'utf8' });
}

const incoming = incomingDir('20261128t120000z');
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A volume with `files` (name -> content) at its top, and an incoming directory holding `restored`. */
function volume(name: string, files: Record<string, string>, restored?: Record<string, string>) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  if (restored) {
    mkdirSync(join(dir, incoming));
    for (const [f, text] of Object.entries(restored)) writeFileSync(join(dir, incoming, f), text);
  }
  return dir;
}
const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('restore helper scripts', () => {
  it('swap: the extracted content replaces the old (hidden files too), the volume root takes the archived mode, nothing of the restore is left', () => {
    root = mkdtempSync(join(tmpdir(), 'ish-swap-'));
    const v = volume('grafana_data', { 'grafana.db': 'old', '.hidden': 'old' }, { 'grafana.db': 'new', '.session': 'new' });
    // An earlier restore killed during its extraction left its directory: it goes with the old content.
    mkdirSync(join(v, incomingDir('20261127t000000z')));
    chmodSync(join(v, incoming), 0o750);
    const r = runScript(swapCommand(incoming, ['grafana_data']), root);
    expect(r.status, r.stderr).toBe(0);
    expect(contents(v)).toEqual({ '.session': 'new', 'grafana.db': 'new' });
    expect(statSync(v).mode & 0o777).toBe(0o750);
  });

  it('swap: when one volume fails, every volume gets its old content back and the script exits 1 naming it', () => {
    root = mkdtempSync(join(tmpdir(), 'ish-swap-'));
    const a = volume('a', { data: 'old a' }, { data: 'new a' });
    const b = volume('b', { data: 'old b' }); // nothing was extracted into b
    const r = runScript(swapCommand(incoming, ['a', 'b']), root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('swap of volume b failed: the old data is put back');
    expect(contents(b)).toEqual({ data: 'old b' });
    expect(readFileSync(join(a, 'data'), 'utf8')).toBe('old a');
    expect(readdirSync(a)).not.toContain(previousDir);
  });

  it('discard: removes the incoming directories and nothing else', () => {
    root = mkdtempSync(join(tmpdir(), 'ish-swap-'));
    const a = volume('a', { data: 'old a' }, { data: 'new a' });
    const r = runScript(discardCommand(incoming, ['a']), root);
    expect(r.status, r.stderr).toBe(0);
    expect(contents(a)).toEqual({ data: 'old a' });
    expect(execFileSync('ls', ['-a', a], { encoding: 'utf8' }).split('\n').filter(Boolean)).toEqual(['.', '..', 'data']);
  });
});
