/**
 * Every metric the processor emits (EMF). Every metric carries the dimension
 * `service` (`PROCESSOR_METRICS_SERVICE`), which the region stack's alarms
 * match exactly. Never tenant, pod or key, which would multiply the metric
 * count (and cost) with every new pod; the per-object JSON log carries those.
 * Two exceptions, both bounded by the inventory's clusters: `ObjectsOverLimit`
 * is also emitted per `{service, cluster, limit}` to show who tripped what, and
 * `AgentHeartbeat` per `{service, cluster}` for each cluster's heartbeat alarm.
 */
/** The EMF `service` dimension of every processor metric (what alarms on them select). */
export const PROCESSOR_METRICS_SERVICE = "loghop-processor";

export const METRIC = {
  objectsDelivered: "ObjectsDelivered",
  objectsSkipped: "ObjectsSkipped",
  objectsRefused: "ObjectsRefused",
  objectsFailedTransient: "ObjectsFailedTransient",
  objectsFailedPermanent: "ObjectsFailedPermanent",
  objectsCorrupt: "ObjectsCorrupt",
  requestsDuplicated: "RequestsDuplicated",
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
  agentHeartbeat: "AgentHeartbeat",
} as const;

/** The name of that dimension (Powertools' `serviceName` becomes it). */
export const SERVICE_DIMENSION = "service";

/** The extra dimension of the per-cluster series (`ObjectsOverLimit`, `AgentHeartbeat`). */
export const CLUSTER_DIMENSION = "cluster";

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
export type MetricUnitName = "Count" | "Bytes" | "Milliseconds" | "Seconds";

export const METRIC_UNITS: Readonly<Record<MetricName, MetricUnitName>> = {
  ObjectsDelivered: "Count",
  ObjectsSkipped: "Count",
  ObjectsRefused: "Count",
  ObjectsFailedTransient: "Count",
  ObjectsFailedPermanent: "Count",
  ObjectsCorrupt: "Count",
  RequestsDuplicated: "Count",
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
  AgentHeartbeat: "Count",
};
