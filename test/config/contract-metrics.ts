/** The backend's metric contract (shared/contract/ish-chat-metrics.json), as the rule and dashboard checks read it. */
import { existsSync, readFileSync } from 'node:fs';
import { contractPath } from './config-files.js';

/** One metric of the contract. */
export interface ContractMetric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'info';
  labels: string[];
}

/** The contract's metrics; a missing contract fails the test that reads it. */
export function contractMetrics(): ContractMetric[] {
  if (!existsSync(contractPath)) {
    throw new Error(`The metric contract is missing: expected ${contractPath} (shared/ beside the repository).`);
  }
  return (JSON.parse(readFileSync(contractPath, 'utf8')) as { metrics: ContractMetric[] }).metrics;
}

/**
 * The labels of every series name the backend exposes (histograms as their _bucket, _sum and _count
 * series, _bucket with `le`), each with the target labels `job` and `instance` Prometheus adds.
 */
export function contractSeriesLabels(): Map<string, Set<string>> {
  const labelsOf = new Map<string, Set<string>>();
  for (const metric of contractMetrics()) {
    const labels = new Set([...metric.labels, 'job', 'instance']);
    if (metric.type === 'histogram') {
      labelsOf.set(`${metric.name}_bucket`, new Set([...labels, 'le']));
      labelsOf.set(`${metric.name}_count`, labels);
      labelsOf.set(`${metric.name}_sum`, labels);
    } else {
      labelsOf.set(metric.name, labels);
    }
  }
  return labelsOf;
}

/** Label names used in the matchers `{...}` of each contract metric an expression selects: "name: label" for unknown ones. */
export function unknownContractLabels(expr: string, labelsOf: Map<string, Set<string>>): string[] {
  const wrong: string[] = [];
  for (const match of expr.matchAll(/\b((?:ish_chat|instance_manager)_[a-z0-9_]+)\{([^}]*)\}/g)) {
    const [, name = '', matchers = ''] = match;
    for (const label of matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) {
      if (!labelsOf.get(name)?.has(label[1] ?? '')) wrong.push(`${name} has no label ${label[1]}`);
    }
  }
  return wrong;
}
