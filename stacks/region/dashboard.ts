/**
 * The region's pipeline dashboard: what an operator opens when an alarm fires. Every metric is
 * one the processor emits (its `{service}` series, or the bounded `{service, cluster}` ones) or
 * one AWS/SQS and AWS/Lambda publish for the stack's own queues and function.
 */
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { Construct } from "constructs";
import { dashboardName, processorMetricsNamespace } from "../../inventory/names";
import {
  CLUSTER_DIMENSION,
  METRIC,
  PROCESSOR_METRICS_SERVICE,
  SERVICE_DIMENSION,
} from "../../processor/observability/metric-names";
import type { RegionNames } from "./region-names";

export interface DashboardProps {
  readonly names: RegionNames;
  readonly prefix: string;
  /** The region runs the processor Lambda (shape `lambda`): its graph is shown. */
  readonly lambda: boolean;
}

/** One line of a graph: `[namespace, metric, dimension, value, …, {stat, label}]` (CloudWatch's body format). */
export type DashboardMetric = [string, string, ...(string | { readonly stat: string; readonly label: string })[]];

export interface DashboardWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stacked: false;
    readonly period: number;
    readonly metrics: readonly DashboardMetric[];
  };
}

/** Graphs sum per 5 minutes like the alarms; the heartbeat graph per minute like its alarm. */
const PERIOD_SECONDS = 300;
const HEARTBEAT_PERIOD_SECONDS = 60;
const WIDTH = 12;
const HEIGHT = 6;

function line(namespace: string, metric: string, dimensions: Record<string, string>, stat: string, label: string) {
  return [namespace, metric, ...Object.entries(dimensions).flat(), { stat, label }] as DashboardMetric;
}

/** The widgets in reading order, two per row. */
export function dashboardWidgets(props: DashboardProps): DashboardWidget[] {
  const { names } = props;
  const namespace = processorMetricsNamespace(props.prefix);
  const service = { [SERVICE_DIMENSION]: PROCESSOR_METRICS_SERVICE };
  const processor = (metric: string, stat = "Sum", label: string = metric) =>
    line(namespace, metric, service, stat, label);
  const lambda = (metric: string, stat: string, label: string) =>
    line("AWS/Lambda", metric, { FunctionName: names.functionName }, stat, label);
  const perLane = (metric: string, queue: "queue" | "deadLetterQueue", stat: string) =>
    names.lanes.map((lane) => line("AWS/SQS", metric, { QueueName: lane[queue] }, stat, lane.clusterId));
  const graphs: [string, DashboardMetric[], number?][] = [
    [
      "Throughput (per 5 min)",
      [processor(METRIC.objectsDelivered), processor(METRIC.eventsDelivered), processor(METRIC.bytesDelivered)],
    ],
    [
      "Lag: staged → processed (s), oldest queued message (s)",
      [
        processor(METRIC.objectLag, "p50", "ObjectLag p50"),
        processor(METRIC.objectLag, "p99", "ObjectLag p99"),
        ...perLane("ApproximateAgeOfOldestMessage", "queue", "Maximum"),
      ],
    ],
    [
      "Failures by kind (per 5 min)",
      [
        processor(METRIC.objectsRefused),
        processor(METRIC.objectsOverLimit),
        processor(METRIC.objectsFailedPermanent),
        processor(METRIC.objectsFailedTransient),
        processor(METRIC.objectsCorrupt),
        processor(METRIC.eventsRejected),
        processor(METRIC.messagesMalformed),
      ],
    ],
    [
      "Dead-letter queue depth, per cluster",
      perLane("ApproximateNumberOfMessagesVisible", "deadLetterQueue", "Maximum"),
    ],
    // An external worker (shape `queue`) has no AWS/Lambda metrics: its graph would stay empty.
    ...(props.lambda
      ? [
          [
            "Processor function",
            [
              lambda("Duration", "Average", "Duration avg (ms)"),
              lambda("Duration", "Maximum", "Duration max (ms)"),
              lambda("ConcurrentExecutions", "Maximum", "Concurrent executions"),
              lambda("Errors", "Sum", "Errors"),
              lambda("Throttles", "Sum", "Throttles"),
            ],
          ] as [string, DashboardMetric[]],
        ]
      : []),
    // One S3 event, one message: the messages a cluster's queue received are the objects it staged.
    ["Staged objects per cluster (per 5 min)", perLane("NumberOfMessagesSent", "queue", "Sum")],
    [
      "Agent heartbeats per cluster (per minute)",
      names.lanes.map((lane) =>
        line(
          namespace,
          METRIC.agentHeartbeat,
          { ...service, [CLUSTER_DIMENSION]: lane.clusterId },
          "Sum",
          lane.clusterId,
        ),
      ),
      HEARTBEAT_PERIOD_SECONDS,
    ],
  ];
  return graphs.map(([title, metrics, period], index) => ({
    type: "metric",
    x: (index % 2) * WIDTH,
    y: Math.floor(index / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title,
      region: names.region,
      view: "timeSeries",
      stacked: false,
      period: period ?? PERIOD_SECONDS,
      metrics,
    },
  }));
}

export function pipelineDashboard(scope: Construct, props: DashboardProps): CloudwatchDashboard {
  return new CloudwatchDashboard(scope, "pipeline-dashboard", {
    dashboardName: dashboardName(props.prefix, props.names.region),
    dashboardBody: JSON.stringify({ widgets: dashboardWidgets(props) }),
  });
}
