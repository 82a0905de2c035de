import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { backendRoles, contractMetrics, type BackendRole, type ContractMetric } from './metric-contract.js';

type Metric = Counter<string> | Gauge<string> | Histogram<string>;

/** The contract's metrics as prom-client objects, each registered with the registry of its service. */
export class ContractMetrics {
  private readonly byName = new Map<string, Metric>();
  /** One registry per backend service (the same one for all when `merged`). */
  readonly registries: ReadonlyMap<BackendRole, Registry>;

  /** Creates every contract metric; `merged` puts all services on one registry (one port). */
  constructor(merged: boolean) {
    const shared = new Registry();
    this.registries = new Map(backendRoles.map((role) => [role, merged ? shared : new Registry()]));
    for (const spec of contractMetrics) this.byName.set(spec.name, this.create(spec));
  }

  private create(spec: ContractMetric): Metric {
    const registers = [this.registries.get(spec.role) as Registry];
    const base = { name: spec.name, help: spec.help, labelNames: [...spec.labels], registers };
    switch (spec.type) {
      case 'counter':
        return new Counter(base);
      case 'histogram':
        return new Histogram({ ...base, buckets: [...(spec.buckets ?? [])] });
      case 'gauge':
        return new Gauge(base);
      case 'info':
        // Python's Info, as its text exposition shows it: a gauge of 1 whose labels carry the data.
        return new Gauge({ ...base, labelNames: ['version', 'component'] });
    }
  }

  private get<T extends Metric>(name: string, kind: abstract new (...args: never[]) => T): T {
    const metric = this.byName.get(name);
    if (!(metric instanceof kind)) throw new Error(`simulator bug: ${name} is not a ${kind.name} of the contract`);
    return metric;
  }

  /** The contract counter of that name. */
  counter(name: string): Counter<string> {
    return this.get(name, Counter);
  }

  /** The contract gauge (or info) of that name. */
  gauge(name: string): Gauge<string> {
    return this.get(name, Gauge);
  }

  /** The contract histogram of that name. */
  histogram(name: string): Histogram<string> {
    return this.get(name, Histogram);
  }
}

/**
 * The registry's text exposition with bucket bounds written as Python's client writes them
 * (`le="10.0"`, not `le="10"`): the backend is Python, and rules select buckets such as `le="10.0"`.
 */
export async function exposition(registry: Registry): Promise<string> {
  return (await registry.metrics()).replace(/le="(\d+)"/g, 'le="$1.0"');
}
