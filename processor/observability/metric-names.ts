/**
 * Every metric the processor emits (EMF). Every metric carries the dimension
 * `service` (`PROCESSOR_METRICS_SERVICE`), which the region stack's alarms
 * match exactly. Never tenant, pod or key, which would multiply the metric
 * count (and cost) with every new pod; the per-object JSON log carries those.
 * One exception, bounded: `ObjectsOverLimit` is also emitted per
 * `OVER_LIMIT_DIMENSIONS` (cluster × limit) to show who tripped what.
 */
export const METRIC = {
  objectsDelivered: "ObjectsDelivered",
  objectsSkipped: "ObjectsSkipped",
  objectsRefused: "ObjectsRefused",
  objectsFailedTransient: "ObjectsFailedTransient",
  objectsFailedPermanent: "ObjectsFailedPermanent",
  messagesMalformed: "MessagesMalformed",
  eventsDelivered: "EventsDelivered",
  bytesDelivered: "BytesDelivered",
  eventsResumedSkipped: "EventsSkippedOnResume",
  linesMalformed: "LinesMalformed",
  linesInvalidUtf8: "LinesInvalidUtf8",
  eventsTruncated: "EventsTruncated",
  eventsSplit: "EventsSplit",
  eventsEmpty: "EventsEmpty",
  eventsRetimed: "EventsRetimed",
  eventsRejected: "EventsRejected",
  retries: "Retries",
  objectDuration: "ObjectDuration",
  objectLag: "ObjectLag",
  objectsOverLimit: "ObjectsOverLimit",
} as const;

/** The value of the `service` dimension on every metric. */
export const PROCESSOR_METRICS_SERVICE = "loghop-processor";
/** The dimension every metric carries (Powertools' name for it). */
export const SERVICE_DIMENSION = "service";
/** The extra dimensions of the per-cluster `ObjectsOverLimit` series (alarms use the `service`-only one). */
export const OVER_LIMIT_DIMENSIONS = ["cluster", "limit"] as const;
export type OverLimitDimensions = Readonly<Record<(typeof OVER_LIMIT_DIMENSIONS)[number], string>>;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
export type MetricUnitName = "Count" | "Bytes" | "Milliseconds" | "Seconds";

export const METRIC_UNITS: Readonly<Record<MetricName, MetricUnitName>> = {
  ObjectsDelivered: "Count",
  ObjectsSkipped: "Count",
  ObjectsRefused: "Count",
  ObjectsFailedTransient: "Count",
  ObjectsFailedPermanent: "Count",
  MessagesMalformed: "Count",
  EventsDelivered: "Count",
  BytesDelivered: "Bytes",
  EventsSkippedOnResume: "Count",
  LinesMalformed: "Count",
  LinesInvalidUtf8: "Count",
  EventsTruncated: "Count",
  EventsSplit: "Count",
  EventsEmpty: "Count",
  EventsRetimed: "Count",
  EventsRejected: "Count",
  Retries: "Count",
  ObjectDuration: "Milliseconds",
  ObjectLag: "Seconds",
  ObjectsOverLimit: "Count",
};
