/** Alarms of a region's pipeline, published to an (encrypted) alarm topic. */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { Construct } from "constructs";
import { alarmName, processorMetricsNamespace } from "../../inventory/names";
import { METRIC, PROCESSOR_METRICS_SERVICE, SERVICE_DIMENSION } from "../../processor/observability/metric-names";
import type { RegionNames } from "./region-names";

export interface AlarmsProps {
  readonly names: RegionNames;
  readonly prefix: string;
  readonly kmsKeyArn: string;
  readonly emails: readonly string[];
  readonly maxMessageAgeSeconds: number;
}

/** Alarms evaluate 5-minute periods: SQS and Lambda metrics are published per minute. */
const PERIOD_SECONDS = 300;

interface AlarmSpec {
  readonly purpose: string;
  readonly description: string;
  /** AWS/SQS, AWS/Lambda, or the processor's own namespace (processorMetricsNamespace). */
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Maximum" | "Sum";
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold";
}

export function alarmSpecs(props: AlarmsProps): AlarmSpec[] {
  const { names } = props;
  return [
    ...names.lanes.flatMap((lane): AlarmSpec[] => [
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
        threshold: props.maxMessageAgeSeconds,
        comparison: "GreaterThanOrEqualToThreshold",
      },
    ]),
    {
      purpose: "processor-errors",
      description: "Processor invocations failed as a whole (not per-record failures).",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: names.functionName },
      statistic: "Sum",
      threshold: 0,
      comparison: "GreaterThanThreshold",
    },
    {
      purpose: "processor-throttles",
      description: "Processor invocations were throttled (reserved or account concurrency).",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: { FunctionName: names.functionName },
      statistic: "Sum",
      threshold: 0,
      comparison: "GreaterThanThreshold",
    },
    ...processorMetricAlarms(props.prefix),
  ];
}

/**
 * Alarms on the processor's own EMF metrics: attacks and misconfiguration page
 * someone. A CloudWatch alarm matches one exact dimension set, so these read the
 * `{service}` series every processor metric carries (names and values from
 * metric-names.ts, the constants the processor emits with); per-cluster detail
 * is in the `{service, cluster, limit}` series and the processor's log lines.
 */
function processorMetricAlarms(prefix: string): AlarmSpec[] {
  const emf = (purpose: string, description: string, metricName: string): AlarmSpec => ({
    purpose,
    description,
    namespace: processorMetricsNamespace(prefix),
    metricName,
    dimensions: { [SERVICE_DIMENSION]: PROCESSOR_METRICS_SERVICE },
    statistic: "Sum",
    threshold: 0,
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
  ];
}

export function alarms(scope: Construct, props: AlarmsProps): SnsTopic {
  const topic = new SnsTopic(scope, "alarm-topic", { name: props.names.alarmTopic, kmsMasterKeyId: props.kmsKeyArn });
  props.emails.forEach((email, index) => {
    // E-mail subscriptions stay pending until the recipient confirms the message AWS sends.
    new SnsTopicSubscription(scope, `alarm-email-${index + 1}`, {
      topicArn: topic.arn,
      protocol: "email",
      endpoint: email,
    });
  });
  for (const spec of alarmSpecs(props)) {
    new CloudwatchMetricAlarm(scope, `alarm-${spec.purpose}`, {
      alarmName: alarmName(props.prefix, spec.purpose),
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      period: PERIOD_SECONDS,
      evaluationPeriods: 1,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      // No data means no traffic, not a failure.
      treatMissingData: "notBreaching",
      alarmActions: [topic.arn],
      okActions: [topic.arn],
    });
  }
  return topic;
}
