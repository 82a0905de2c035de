/** Parsers of the stack's API answers, fed with answers recorded from the real Prometheus 2.42 and AlertManager 0.25 (test/fixtures/status). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClusterStatus } from '../../../src/core/alertmanager-cluster.js';
import { parseAlerts } from '../../../src/core/firing-alerts.js';
import { parseRules } from '../../../src/core/rule-health.js';
import { parseTargets } from '../../../src/core/scrape-targets.js';
import { parseTsdb, prometheusDurationSeconds } from '../../../src/core/tsdb-usage.js';

const text = (name: string) => readFileSync(new URL(`../../fixtures/status/${name}`, import.meta.url), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name));
const stackServices = new Set(['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter']);

describe('parseTargets (/api/v1/targets?state=active)', () => {
  it('groups by job, stack jobs first, and keeps the last error of down targets', () => {
    const { jobs } = parseTargets(json('prom-targets.json'), { stackServices, startedAt: new Map() });
    expect(jobs.filter((j) => j.stack).map((j) => [j.job, j.up, j.down])).toEqual([
      ['alertmanager', 1, 0],
      ['blackbox-exporter', 1, 0],
      ['grafana', 1, 0],
      ['node-exporter', 1, 0],
      ['prometheus', 1, 0],
    ]);
    const backend = jobs.find((j) => j.job === 'ish-chat-instance-manager')!;
    expect(backend).toMatchObject({ stack: false, up: 0, down: 1 });
    expect(backend.downTargets[0]!.instance).toBe('ish-chat-instance-manager:8001');
    expect(backend.downTargets[0]!.lastError).toContain('no such host');
    expect(jobs.find((j) => j.job === 'blackbox-http')).toMatchObject({ up: 3, down: 0 });
  });

  it('counts a down stack target as unknown when its last scrape predates the container start', () => {
    const answer = json('prom-targets-nodeexp-missing.json');
    const down = parseTargets(answer, { stackServices, startedAt: new Map([['node-exporter', Date.parse('2026-11-27T20:00:00Z')]]) });
    expect(down.jobs.find((j) => j.job === 'node-exporter')).toMatchObject({ stack: true, up: 0, down: 1, unknown: 0 });
    const restarted = parseTargets(answer, { stackServices, startedAt: new Map([['node-exporter', Date.parse('2026-11-27T21:00:00Z')]]) });
    expect(restarted.jobs.find((j) => j.job === 'node-exporter')).toMatchObject({ down: 0, unknown: 1, downTargets: [] });
  });

  it('names the API when the answer is not a Prometheus success document', () => {
    expect(() => parseTargets({ status: 'error', error: 'x' }, { stackServices, startedAt: new Map() })).toThrow('/api/v1/targets answered an unexpected document');
  });
});

describe('parseRules (/api/v1/rules)', () => {
  it('lists the rule whose evaluation fails, with group, file and error', () => {
    expect(parseRules(json('prom-rules-errors.json'))).toEqual({
      groups: 2,
      rules: 3,
      failing: [{ group: 'broken', file: '/etc/prometheus/rules.yml', rule: 'duplicate:up', error: 'vector cannot contain metrics with the same labelset' }],
    });
  });
});

describe('parseTsdb (/metrics + /api/v1/status/flags)', () => {
  const now = Date.parse('2026-11-27T21:00:00Z');
  it('reads size, size and time retention, oldest sample and head series', () => {
    expect(parseTsdb(text('prom-metrics.txt'), json('prom-flags.json'), now)).toEqual({
      storageBytes: 0,
      walCounted: false,
      retentionSizeBytes: 10 * 1024 ** 3,
      retentionSizeUsedRatio: 0,
      retentionTimeSeconds: 15 * 86_400,
      oldestSampleAgeSeconds: now / 1000 - 1795812952,
      headSeries: 2139,
    });
    expect(parseTsdb(text('prom-metrics-512mb.txt'), json('prom-flags-2w-512mb.json'), now)).toMatchObject({ retentionSizeBytes: 512 * 1024 ** 2, retentionTimeSeconds: 14 * 86_400 });
  });
  it('computes the share of the size retention used', () => {
    const metrics = text('prom-metrics-512mb.txt').replace(/^prometheus_tsdb_storage_blocks_bytes 0$/m, 'prometheus_tsdb_storage_blocks_bytes 4.9e+08');
    expect(parseTsdb(metrics, json('prom-flags-2w-512mb.json'), now).retentionSizeUsedRatio).toBeCloseTo(0.9127, 3);
  });
  it('adds the WAL and head chunks where Prometheus exports them (2.43+), and says whether it did', () => {
    const metrics = `${text('prom-metrics.txt')}prometheus_tsdb_wal_storage_size_bytes 2000\nprometheus_tsdb_head_chunks_storage_size_bytes 48\n`;
    expect(parseTsdb(metrics, json('prom-flags.json'), now)).toMatchObject({ storageBytes: 2048, walCounted: true });
  });
  it('fails on a page without the TSDB metrics', () => {
    expect(() => parseTsdb('up 1\n', json('prom-flags.json'), now)).toThrow('no prometheus_tsdb_storage_blocks_bytes');
  });
  it.each([
    ['15d', 1_296_000],
    ['1d12h', 129_600],
    ['2w', 1_209_600],
    ['1y', 31_536_000],
    ['90m', 5_400],
    ['0s', null],
    ['', null],
    ['15 days', null],
  ])('prometheusDurationSeconds(%j) = %j', (input, want) => {
    expect(prometheusDurationSeconds(input)).toBe(want);
  });
});

describe('parseAlerts (/api/v2/alerts?active=true&silenced=false&inhibited=false)', () => {
  it('counts firing alerts by severity and names the critical ones', () => {
    expect(parseAlerts(json('am-alerts.json'))).toEqual({ firing: 3, bySeverity: { critical: 1, warning: 2, info: 0 }, critical: ['ISHChatInstanceManagerDown'] });
  });
  it('is zero for no alerts, and rejects a document that is not a list', () => {
    expect(parseAlerts([])).toEqual({ firing: 0, bySeverity: { critical: 0, warning: 0, info: 0 }, critical: [] });
    expect(() => parseAlerts({})).toThrow('/api/v2/alerts answered an unexpected document');
  });
});

describe('parseClusterStatus (/api/v2/status)', () => {
  it('reads a single instance as disabled and a clustered one as ready with its peers', () => {
    expect(parseClusterStatus(json('am-status-disabled.json'))).toEqual({ status: 'disabled', peers: 0 });
    expect(parseClusterStatus(json('am-status-cluster.json'))).toEqual({ status: 'ready', peers: 1 });
  });
});
