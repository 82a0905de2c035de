import { prometheusData, stringAt } from './api-answer.js';

/** TSDB size against its retention limits. */
export interface TsdbFacts {
  /** On-disk bytes Prometheus reports: persisted blocks, plus WAL and head chunks where it exports them. */
  storageBytes: number;
  /** Whether storageBytes includes the WAL (the last ~2 h of samples): Prometheus exports its size from 2.43/2.44 on, 2.42 does not. */
  walCounted: boolean;
  /** `--storage.tsdb.retention.size` in bytes; null when unlimited. */
  retentionSizeBytes: number | null;
  /** storageBytes / retentionSizeBytes; null when size is unlimited. */
  retentionSizeUsedRatio: number | null;
  /** `--storage.tsdb.retention.time` in seconds; null when unset. */
  retentionTimeSeconds: number | null;
  /** Age of the oldest sample kept; null while the TSDB is empty. */
  oldestSampleAgeSeconds: number | null;
  headSeries: number | null;
}

// Prometheus 2.42 exports only the blocks' size; later versions add the WAL and head chunks. The
// size retention counts all three, so each one present is added.
const SIZE_METRICS = ['prometheus_tsdb_storage_blocks_bytes', 'prometheus_tsdb_wal_storage_size_bytes', 'prometheus_tsdb_head_chunks_storage_size_bytes'];

const UNIT_SECONDS: Record<string, number> = { y: 31_536_000, w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001 };

/** A Prometheus duration (`15d`, `1d12h`, `2w`) in seconds; null for `0s`, empty or unparsable. */
export function prometheusDurationSeconds(text: string): number | null {
  if (!/^(\d+(y|w|d|h|ms|m|s))+$/.test(text)) return null;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(y|w|d|h|ms|m|s)/g)) total += Number(n) * UNIT_SECONDS[unit!]!;
  return total > 0 ? total : null;
}

/** The unlabelled `prometheus_tsdb_*` samples of a /metrics page. */
function tsdbSamples(metricsText: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const [, name, value] of metricsText.matchAll(/^(prometheus_tsdb_\w+) (\S+)$/gm)) samples.set(name!, Number(value));
  return samples;
}

/** Reads the TSDB's size and retention from Prometheus' own /metrics and its flags. */
export function parseTsdb(metricsText: string, flagsAnswer: unknown, nowMs: number): TsdbFacts {
  const flags = prometheusData(flagsAnswer, '/api/v1/status/flags');
  const samples = tsdbSamples(metricsText);
  if (!samples.has(SIZE_METRICS[0]!)) throw new Error(`Prometheus' /metrics has no ${SIZE_METRICS[0]}`);
  const storageBytes = SIZE_METRICS.reduce((sum, name) => sum + (samples.get(name) ?? 0), 0);
  const limit = samples.get('prometheus_tsdb_retention_limit_bytes') ?? 0;
  const lowest = samples.get('prometheus_tsdb_lowest_timestamp_seconds');
  // An empty head reports the largest int64 as its lowest timestamp.
  const age = lowest !== undefined && lowest * 1000 <= nowMs ? Math.round(nowMs / 1000 - lowest) : null;
  return {
    storageBytes,
    walCounted: samples.has(SIZE_METRICS[1]!),
    retentionSizeBytes: limit > 0 ? limit : null,
    retentionSizeUsedRatio: limit > 0 ? storageBytes / limit : null,
    retentionTimeSeconds: prometheusDurationSeconds(stringAt(flags, 'storage.tsdb.retention.time')),
    oldestSampleAgeSeconds: age,
    headSeries: samples.get('prometheus_tsdb_head_series') ?? null,
  };
}
