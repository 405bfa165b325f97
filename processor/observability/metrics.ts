import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRIC_UNITS, PROCESSOR_METRICS_SERVICE, type MetricName } from "./metric-names";

/** Where metrics go: counters are summed per invocation, samples kept as values. */
export interface MetricsRecorder {
  count(name: MetricName, value: number): void;
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
  count(name: MetricName, value: number): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + value);
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

  sample(name: MetricName, value: number): void {
    this.#memory.sample(name, value);
  }

  flush(): void {
    for (const [name, value] of this.#memory.counters) this.#metrics.addMetric(name, UNIT[METRIC_UNITS[name]]!, value);
    for (const [name, values] of this.#memory.samples) {
      for (const value of values) this.#metrics.addMetric(name, UNIT[METRIC_UNITS[name]]!, value);
    }
    this.#memory.counters.clear();
    this.#memory.samples.clear();
    this.#metrics.publishStoredMetrics();
  }
}
