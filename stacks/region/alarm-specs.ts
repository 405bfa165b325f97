/**
 * The alarms of a region's pipeline as data (no cdktf: `loghop validate` counts the lane stacks'
 * resources with them). The region stack holds the region-wide ones (`regionAlarmSpecs`); each
 * cluster's own (`laneAlarmSpecs`) live in its lane stack (stacks/lanes), so the region stack does
 * not grow with its clusters.
 */
import { processorMetricsNamespace } from "../../inventory/names";
import {
  CLUSTER_DIMENSION,
  METRIC,
  PROCESSOR_METRICS_SERVICE,
  SERVICE_DIMENSION,
} from "../../processor/observability/metric-names";
import type { ResolvedAlarmSettings } from "../../inventory/resolved";
import type { QueueLane, RegionNames } from "./region-names";

/** What a cluster's alarms depend on. */
export interface LaneAlarmsProps {
  readonly prefix: string;
  readonly settings: ResolvedAlarmSettings;
}

export interface AlarmsProps {
  readonly names: RegionNames;
  readonly prefix: string;
  readonly kmsKeyArn: string;
  readonly settings: ResolvedAlarmSettings;
  /** The region runs the processor Lambda (shape `lambda`): its Errors and Throttles alarms exist. */
  readonly lambda: boolean;
}

/** Alarms evaluate 5-minute periods: SQS and Lambda metrics are published per minute. */
export const PERIOD_SECONDS = 300;

/** Heartbeat alarms count minutes: EMF metrics have one-minute resolution. */
const HEARTBEAT_PERIOD_SECONDS = 60;

export interface AlarmSpec {
  readonly purpose: string;
  readonly description: string;
  /** AWS/SQS, AWS/Lambda, or the processor's own namespace (processorMetricsNamespace). */
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  /** A statistic, or a percentile (`p99`, CloudWatch's extended statistic). */
  readonly statistic: "Maximum" | "Sum" | `p${number}`;
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  /** Default 5 minutes, one period. */
  readonly periodSeconds?: number;
  readonly evaluationPeriods?: number;
  /** Default `notBreaching`: no data means no traffic, not a failure. */
  readonly treatMissingData?: "notBreaching" | "breaching";
}

/** One cluster's alarms: its DLQ, its queue's oldest message, its agents' heartbeat. */
export function laneAlarmSpecs(props: LaneAlarmsProps, lane: QueueLane): AlarmSpec[] {
  return [
    {
      purpose: `${lane.clusterId}-dlq-not-empty`,
      description: `Staged objects of cluster ${lane.clusterId} failed processing maxReceiveCount times and wait in its DLQ.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: lane.deadLetterQueue },
      statistic: "Maximum",
      threshold: 0,
      comparison: "GreaterThanThreshold",
    },
    {
      purpose: `${lane.clusterId}-queue-oldest-message-age`,
      description: `The processor is falling behind on cluster ${lane.clusterId}: its oldest queued object waits too long.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: lane.queue },
      statistic: "Maximum",
      threshold: props.settings.maxMessageAgeSeconds,
      comparison: "GreaterThanOrEqualToThreshold",
    },
    heartbeatAlarm(props, lane.clusterId),
  ];
}

/** The region stack's alarms: the Lambda's (shape `lambda`) and the processor's own metrics. */
export function regionAlarmSpecs(props: AlarmsProps): AlarmSpec[] {
  return [
    ...(props.lambda ? lambdaAlarms(props.names.functionName) : []),
    ...processorMetricAlarms(props.prefix, props.settings),
  ];
}

/** AWS/Lambda's view of the function: failures of whole invocations, and throttling. */
function lambdaAlarms(functionName: string): AlarmSpec[] {
  return [
    {
      purpose: "processor-errors",
      description: "Processor invocations failed as a whole (not per-record failures).",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      threshold: 0,
      comparison: "GreaterThanThreshold",
    },
    {
      purpose: "processor-throttles",
      description: "Processor invocations were throttled (reserved or account concurrency).",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      threshold: 0,
      comparison: "GreaterThanThreshold",
    },
  ];
}

/**
 * Fires when no heartbeat of the cluster arrived for `heartbeatMissingMinutes` minutes in a row.
 * Missing data is the signal here (no agent wrote, or nothing between S3 and the processor
 * worked), so it breaches. It reads the `{service, cluster}` series the processor emits.
 */
function heartbeatAlarm(props: LaneAlarmsProps, clusterId: string): AlarmSpec {
  const minutes = props.settings.heartbeatMissingMinutes;
  return {
    purpose: `${clusterId}-heartbeat-missing`,
    description: `No agent heartbeat of cluster ${clusterId} reached the processor for ${minutes} minutes: its agents are down, cannot write to the staging bucket, or the pipeline after it is stalled. Quiet applications do not cause this.`,
    namespace: processorMetricsNamespace(props.prefix),
    metricName: METRIC.agentHeartbeat,
    dimensions: { [SERVICE_DIMENSION]: PROCESSOR_METRICS_SERVICE, [CLUSTER_DIMENSION]: clusterId },
    statistic: "Sum",
    threshold: 1,
    comparison: "LessThanThreshold",
    periodSeconds: HEARTBEAT_PERIOD_SECONDS,
    evaluationPeriods: minutes,
    treatMissingData: "breaching",
  };
}

/**
 * Alarms on the processor's own EMF metrics: attacks and misconfiguration page
 * someone. A CloudWatch alarm matches one exact dimension set, so these read the
 * `{service}` series every processor metric carries (names and values from
 * metric-names.ts, the constants the processor emits with); per-cluster detail
 * is in the `{service, cluster, limit}` series and the processor's log lines.
 */
function processorMetricAlarms(prefix: string, settings: ResolvedAlarmSettings): AlarmSpec[] {
  const emf = (
    purpose: string,
    description: string,
    metricName: string,
    threshold = 0,
    statistic: AlarmSpec["statistic"] = "Sum",
  ): AlarmSpec => ({
    purpose,
    description,
    namespace: processorMetricsNamespace(prefix),
    metricName,
    dimensions: { [SERVICE_DIMENSION]: PROCESSOR_METRICS_SERVICE },
    statistic,
    threshold,
    comparison: "GreaterThanThreshold",
  });
  return [
    emf(
      "objects-refused",
      "Staged objects were refused: a cluster wrote for a tenant it does not carry, a key that does not parse, or another bucket's event. Log: outcome = refused.",
      METRIC.objectsRefused,
    ),
    emf(
      "objects-over-limit",
      "Staged objects crossed a per-object limit (bytes, events, compression ratio) and were not delivered further. Log: failureReason = over-limit.",
      METRIC.objectsOverLimit,
    ),
    emf(
      "objects-failed-permanent",
      "Objects failed for a reason redelivery cannot fix (misconfiguration): fix, then redrive the DLQ. Log: level error.",
      METRIC.objectsFailedPermanent,
    ),
    emf(
      "objects-corrupt",
      "A staged object could not be decoded (truncated or damaged gzip): what decoded was delivered, the rest is lost unless the object is re-uploaded.",
      METRIC.objectsCorrupt,
    ),
    emf(
      "events-rejected",
      `CloudWatch Logs rejected more than ${settings.maxRejectedEvents} events in 5 minutes (older than 14 days or the group's retention, or over 2 h in the future): they are lost to the tenant. Log: per destination rejected.`,
      METRIC.eventsRejected,
      settings.maxRejectedEvents,
    ),
    emf(
      "object-lag-p99",
      `The 99th percentile of the time from staging to processing exceeded ${settings.maxObjectLagSeconds} s over 5 minutes: objects wait in the queues or are retried.`,
      METRIC.objectLag,
      settings.maxObjectLagSeconds,
      "p99",
    ),
  ];
}
