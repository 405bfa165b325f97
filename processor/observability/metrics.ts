import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRIC_UNITS, PROCESSOR_METRICS_SERVICE, type MetricName } from "./metric-names";

/** Where metrics go: counters are summed per invocation, samples kept as values. */
export interface MetricsRecorder {
  count(name: MetricName, value: number): void;
  /** A counter of a bounded set of extra dimensions (on top of `service`); summed per dimension values. */
  countBy(name: MetricName, dimensions: Readonly<Record<string, string>>, value: number): void;
  sample(name: MetricName, value: number): void;
  /** Emits what was recorded (one EMF document) and starts over. */
  flush(): void;
}

const UNIT: Record<string, (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  Count: MetricUnit.Count,
  Bytes: MetricUnit.Bytes,
  Milliseconds: MetricUnit.Milliseconds,
  Seconds: MetricUnit.Seconds,
};

/** In-memory recorder (tests, CLI modes that print their own summary). */
export class MemoryMetrics implements MetricsRecorder {
  readonly counters = new Map<MetricName, number>();
  readonly samples = new Map<MetricName, number[]>();
  /** Dimensioned counters by `name` + JSON of the (sorted) dimensions. */
  readonly dimensioned = new Map<string, { name: MetricName; dimensions: Record<string, string>; value: number }>();
  count(name: MetricName, value: number): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + value);
  }
  countBy(name: MetricName, dimensions: Readonly<Record<string, string>>, value: number): void {
    const sorted = Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : 1)));
    const key = `${name} ${JSON.stringify(sorted)}`;
    const entry = this.dimensioned.get(key) ?? { name, dimensions: sorted, value: 0 };
    entry.value += value;
    this.dimensioned.set(key, entry);
  }
  sample(name: MetricName, value: number): void {
    const list = this.samples.get(name) ?? [];
    list.push(value);
    this.samples.set(name, list);
  }
  flush(): void {}
  get(name: MetricName): number {
    return this.counters.get(name) ?? 0;
  }
}

/**
 * EMF through Powertools: counters are summed in memory and added once per
 * flush (one EMF line per invocation instead of one per object); zero
 * counters are still emitted so alarms see 0 rather than missing data.
 */
export class EmfMetrics implements MetricsRecorder {
  readonly #metrics: Metrics;
  readonly #memory = new MemoryMetrics();

  constructor(namespace: string, serviceName = PROCESSOR_METRICS_SERVICE) {
    this.#metrics = new Metrics({ namespace, serviceName });
  }

  count(name: MetricName, value: number): void {
    this.#memory.count(name, value);
  }

  countBy(name: MetricName, dimensions: Readonly<Record<string, string>>, value: number): void {
    this.#memory.countBy(name, dimensions, value);
  }

  sample(name: MetricName, value: number): void {
    this.#memory.sample(name, value);
  }

  flush(): void {
    for (const [name, value] of this.#memory.counters) this.#metrics.addMetric(name, UNIT[METRIC_UNITS[name]]!, value);
    for (const [name, values] of this.#memory.samples) {
      for (const value of values) this.#metrics.addMetric(name, UNIT[METRIC_UNITS[name]]!, value);
    }
    // One EMF document per dimension combination: a document's dimension set applies to all its metrics.
    for (const { name, dimensions, value } of this.#memory.dimensioned.values()) {
      const single = this.#metrics.singleMetric();
      for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
      single.addMetric(name, UNIT[METRIC_UNITS[name]]!, value);
    }
    this.#memory.counters.clear();
    this.#memory.samples.clear();
    this.#memory.dimensioned.clear();
    this.#metrics.publishStoredMetrics();
  }
}
