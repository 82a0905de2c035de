import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, readHistory, resultOf, withHistory, type HistoryEntry } from '../../../src/core/history.js';
import { stateDir } from '../../../src/core/state-dir.js';
import { InterruptedError, NotReadyError, RolledBackError } from '../../../src/errors.js';

const fail = (t: string) => {
  throw new Error(`unexpected warning: ${t}`);
};
const entry = (command: HistoryEntry['command'], result: HistoryEntry['result'] = 'ok'): HistoryEntry => ({ command, at: '2026-01-01T00:00:00.000Z', result, durationMs: 1, changes: [], toolVersion: 't' });

describe('history', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'ish-hist-')), 'state', 'p');
  });
  afterEach(() => rmSync(join(dir, '..', '..'), { recursive: true, force: true }));

  it('appends one line per run to a 0600 file in a 0700 directory, and reads the last N oldest first', async () => {
    expect(await readHistory(dir, 10)).toEqual([]);
    for (const c of ['deploy', 'upgrade', 'rollback'] as const) await appendHistory(dir, entry(c));
    expect(statSync(join(dir, 'history.jsonl')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect((await readHistory(dir, 2)).map((e) => e.command)).toEqual(['upgrade', 'rollback']);
  });

  it('skips a line torn by a crash mid-append', async () => {
    await appendHistory(dir, entry('deploy'));
    appendFileSync(join(dir, 'history.jsonl'), '{"command":"upg');
    await appendHistory(dir, entry('upgrade'));
    expect((await readHistory(dir, 10)).map((e) => e.command)).toEqual(['deploy', 'upgrade']);
  });

  it('withHistory records changes on success, nothing for a run that changed nothing, the error on failure', async () => {
    expect(await withHistory(dir, 'deploy', async () => 1, () => [], fail)).toBe(1);
    expect(await readHistory(dir, 10)).toEqual([]);
    await withHistory(dir, 'deploy', async () => 2, () => [{ service: 'a', action: 'create', reason: 'not deployed' }], fail);
    await expect(withHistory(dir, 'deploy', async () => Promise.reject(new NotReadyError('a did not become ready', [])), () => [], fail)).rejects.toThrow('a did not become ready');
    const h = await readHistory(dir, 10);
    expect(h.map((e) => [e.result, e.changes.length, e.error])).toEqual([
      ['ok', 1, undefined],
      ['failed', 0, 'a did not become ready'],
    ]);
  });

  it('a history that cannot be written warns and lets the run stand', async () => {
    const warnings: string[] = [];
    const blocked = join(dir, '..', 'file');
    await appendHistory(dir, entry('deploy'));
    writeFileSync(blocked, 'not a directory');
    expect(await withHistory(join(blocked, 'p'), 'deploy', async () => 3, () => [{ service: 'a', action: 'create' }], (t) => warnings.push(t))).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('not recorded in the history');
  });

  it('maps errors to results', () => {
    expect(resultOf(new InterruptedError('SIGINT'))).toBe('interrupted');
    expect(resultOf(new RolledBackError('x', []))).toBe('rolled-back');
    expect(resultOf(new Error('x'))).toBe('failed');
  });

  it('lives under XDG_STATE_HOME, else ~/.local/state, per project', () => {
    expect(stateDir({ XDG_STATE_HOME: '/s' }, 'p')).toBe('/s/ish-monitor/p');
    expect(stateDir({ HOME: '/home/u' }, 'p')).toBe('/home/u/.local/state/ish-monitor/p');
  });
});
