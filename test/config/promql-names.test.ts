/** The PromQL metric-name finder that the contract check relies on. */
import { describe, expect, it } from 'vitest';
import { isRecordingRuleName, metricNamesIn } from './promql-names.js';

describe('metricNamesIn', () => {
  it('finds the metrics of a ratio and skips functions, aggregations, label lists and matchers', () => {
    expect(
      metricNamesIn(
        'sum by (job, le) (rate(ish_chat_requests_total{status=~"error|failed", job!="x"}[5m])) / ignoring (reason) group_left () sum without (instance) (rate(other_total[1h] offset 1w))',
      ),
    ).toEqual(['ish_chat_requests_total', 'other_total']);
  });

  it('finds recorded series, names in subqueries and both sides of set operators', () => {
    expect(
      metricNamesIn('job:x:sum > scalar(config:y:value) * (job:x:sum offset 1d) and avg_over_time(rate(z_total[15m])[1d:15m]) unless up == 0'),
    ).toEqual(['config:y:value', 'job:x:sum', 'up', 'z_total']);
  });

  it('ignores number literals, strings and keywords', () => {
    expect(metricNamesIn('predict_linear(a_bytes[6h], 24 * 3600) < 1e9 and b == bool Inf or label_replace(c, "d", "$1", "e", "(.*)")')).toEqual([
      'a_bytes',
      'b',
      'c',
    ]);
    expect(metricNamesIn('vector(0.995)')).toEqual([]);
  });
});

describe('isRecordingRuleName', () => {
  it('accepts level:metric:operations and rejects other shapes', () => {
    expect(isRecordingRuleName('job_provider_model:ish_chat_requests:rate5m')).toBe(true);
    expect(isRecordingRuleName('slo:sli_error:ratio_rate30m')).toBe(true);
    expect(isRecordingRuleName('ish_chat_requests:rate5m')).toBe(false);
    expect(isRecordingRuleName('job:ish_chat_requests')).toBe(false);
  });
});
