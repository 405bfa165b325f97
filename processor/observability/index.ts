export { MemoryLogger, PowertoolsLogger, type LogLevel, type StructuredLogger } from "./logger";
export { EmfMetrics, MemoryMetrics, type MetricsRecorder } from "./metrics";
export { METRIC, METRIC_UNITS, type MetricName } from "./metric-names";
