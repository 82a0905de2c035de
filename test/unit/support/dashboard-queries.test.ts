import { describe, expect, it } from 'vitest';
import { substituteVariables } from '../../support/dashboard-queries.js';

describe('substituteVariables: a panel query made runnable outside Grafana', () => {
  it('fills interval variables with durations', () => {
    expect(substituteVariables('rate(x[$__rate_interval]) + increase(y[${__range}])')).toBe('rate(x[1m]) + increase(y[5m])');
  });

  it('turns other variables into match-all regexes, exact matchers into regex matchers', () => {
    expect(substituteVariables('x{a=~"$provider", b="${model}", c!="[[region]]", d="fixed"}')).toBe('x{a=~".*", b=~".*", c!~".*", d="fixed"}');
  });

  it('leaves a query without variables alone', () => {
    expect(substituteVariables('sum by (job) (up{job="prometheus"})')).toBe('sum by (job) (up{job="prometheus"})');
  });
});
