/**
 * The region's monitoring, read from the synthesized Terraform JSON: thresholds from the
 * inventory, the per-cluster heartbeat alarm (missing data breaches), and a dashboard whose every
 * metric is one the processor emits or one AWS publishes for the stack's own queues and function.
 */
import { resolveInventory } from "../../inventory/resolve";
import { processorMetricsNamespace } from "../../inventory/names";
import {
  CLUSTER_DIMENSION,
  METRIC,
  PROCESSOR_METRICS_SERVICE,
  SERVICE_DIMENSION,
} from "../../processor/observability/metric-names";
import type { DashboardWidget } from "../../stacks/region/dashboard";
import { exampleRawInventory } from "./support/inventories";
import { addRegionWithLanes } from "./support/region-app";
import { fakeProcessorBundle, laneResources, synthApp, type SynthResult } from "./support/synth";

const EU = "region-eu-west-1";
const raw = exampleRawInventory();
const inventory = resolveInventory({
  ...raw,
  central: {
    ...raw.central,
    alarms: { maxObjectLagSeconds: 240, maxRejectedEvents: 25, heartbeatMissingMinutes: 20 },
  },
});
const NAMESPACE = processorMetricsNamespace(inventory.prefix);
const EU_CLUSTERS = ["eks-eu-1", "rosa-eu-2"];

let synth: SynthResult;
let bundle: ReturnType<typeof fakeProcessorBundle>;

beforeAll(() => {
  bundle = fakeProcessorBundle();
  synth = synthApp((app) =>
    addRegionWithLanes(app, { inventory, region: "eu-west-1", processorBundleDir: bundle.dir }),
  );
});

afterAll(() => {
  synth.cleanup();
  bundle.cleanup();
});

/** The region's alarms: its own (region stack) and its clusters' (lane stacks). */
function allAlarms(): Record<string, unknown>[] {
  return [
    ...Object.values(synth.resources(EU, "aws_cloudwatch_metric_alarm")),
    ...Object.values(laneResources(synth, "eu-west-1", "aws_cloudwatch_metric_alarm")),
  ];
}

function alarm(name: string): Record<string, unknown> {
  const found = allAlarms().find((a) => a["alarm_name"] === name);
  if (found === undefined) throw new Error(`no alarm ${name}`);
  return found;
}

describe("alarms on loghop's own metrics", () => {
  test("p99 of ObjectLag over the inventory's threshold, as an extended statistic of the {service} series", () => {
    const lag = alarm("lh-prod-object-lag-p99");
    expect(lag).toMatchObject({
      namespace: NAMESPACE,
      metric_name: METRIC.objectLag,
      dimensions: { [SERVICE_DIMENSION]: PROCESSOR_METRICS_SERVICE },
      extended_statistic: "p99",
      period: 300,
      evaluation_periods: 1,
      threshold: 240,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
    });
    // statistic and extended_statistic are exclusive in the CloudWatch API.
    expect(lag).not.toHaveProperty("statistic");
  });

  test("rejected events above the inventory's threshold", () => {
    expect(alarm("lh-prod-events-rejected")).toMatchObject({
      metric_name: METRIC.eventsRejected,
      statistic: "Sum",
      threshold: 25,
      comparison_operator: "GreaterThanThreshold",
    });
  });

  test.each(EU_CLUSTERS)(
    "cluster %s: heartbeat alarm reads its {service, cluster} series, fires after N silent minutes, missing data breaches",
    (cluster) => {
      expect(alarm(`lh-prod-${cluster}-heartbeat-missing`)).toMatchObject({
        namespace: NAMESPACE,
        metric_name: METRIC.agentHeartbeat,
        dimensions: { [SERVICE_DIMENSION]: PROCESSOR_METRICS_SERVICE, [CLUSTER_DIMENSION]: cluster },
        statistic: "Sum",
        period: 60,
        evaluation_periods: 20,
        datapoints_to_alarm: 20,
        threshold: 1,
        comparison_operator: "LessThanThreshold",
        treat_missing_data: "breaching",
        // In the cluster's lane stack: the region's alarm topic by its synth-time ARN.
        alarm_actions: ["arn:aws:sns:eu-west-1:111111111111:lh-prod-alarms"],
      });
    },
  );

  test("heartbeat alarms only for the region's own clusters", () => {
    const heartbeats = allAlarms()
      .filter((a) => a["metric_name"] === METRIC.agentHeartbeat)
      .map((a) => (a["dimensions"] as Record<string, string>)[CLUSTER_DIMENSION])
      .sort();
    expect(heartbeats).toStrictEqual(EU_CLUSTERS);
  });
});

describe("dashboard", () => {
  let widgets: DashboardWidget[];
  beforeAll(() => {
    const dashboards = Object.values(synth.resources(EU, "aws_cloudwatch_dashboard"));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!["dashboard_name"]).toBe("lh-prod-pipeline-eu-west-1");
    widgets = (JSON.parse(dashboards[0]!["dashboard_body"] as string) as { widgets: DashboardWidget[] }).widgets;
  });

  /** Every graphed line as namespace, metric, dimensions and stat. */
  function lines(title?: RegExp) {
    return widgets
      .filter((w) => title === undefined || title.test(w.properties.title))
      .flatMap((w) =>
        w.properties.metrics.map((m) => {
          const [namespace, metric, ...rest] = m;
          const options = rest[rest.length - 1] as { stat: string };
          const pairs = rest.slice(0, -1) as string[];
          const dimensions: Record<string, string> = {};
          for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]!] = pairs[i + 1]!;
          return { namespace, metric, dimensions, stat: options.stat };
        }),
      );
  }

  test("graphs throughput, lag, failures by kind, DLQ depth, the function, per-cluster objects and heartbeats", () => {
    expect(widgets.map((w) => w.properties.title)).toStrictEqual([
      "Throughput (per 5 min)",
      "Lag: staged → processed (s), oldest queued message (s)",
      "Failures by kind (per 5 min)",
      "Dead-letter queue depth, per cluster",
      "Processor function",
      "Staged objects per cluster (per 5 min)",
      "Agent heartbeats per cluster (per minute)",
    ]);
    for (const w of widgets) expect(w.properties.region).toBe("eu-west-1");
  });

  test("every processor metric is one the processor emits, with a dimension set it emits", () => {
    const emitted = new Set<string>(Object.values(METRIC));
    const processorLines = lines().filter((l) => l.namespace !== "AWS/SQS" && l.namespace !== "AWS/Lambda");
    expect(processorLines.length).toBeGreaterThan(10);
    for (const l of processorLines) {
      expect(l.namespace).toBe(NAMESPACE);
      expect(emitted.has(l.metric)).toBe(true);
      expect(l.dimensions[SERVICE_DIMENSION]).toBe(PROCESSOR_METRICS_SERVICE);
      // {service} for all; {service, cluster} only where the processor emits that series.
      const keys = Object.keys(l.dimensions).sort();
      if (l.metric === METRIC.agentHeartbeat) expect(keys).toStrictEqual([CLUSTER_DIMENSION, SERVICE_DIMENSION]);
      else expect(keys).toStrictEqual([SERVICE_DIMENSION]);
    }
  });

  test("every AWS metric is of a queue the region's lane stacks create or the function this stack creates", () => {
    const queues = new Set(
      Object.values(laneResources(synth, "eu-west-1", "aws_sqs_queue")).map((q) => q["name"] as string),
    );
    expect(queues.size).toBe(2 * EU_CLUSTERS.length);
    const functions = Object.values(synth.resources(EU, "aws_lambda_function")).map((f) => f["function_name"]);
    for (const l of lines().filter((x) => x.namespace === "AWS/SQS")) {
      expect(["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "NumberOfMessagesSent"]).toContain(
        l.metric,
      );
      expect(Object.keys(l.dimensions)).toStrictEqual(["QueueName"]);
      expect(queues.has(l.dimensions["QueueName"]!)).toBe(true);
    }
    for (const l of lines().filter((x) => x.namespace === "AWS/Lambda")) {
      expect(["Duration", "ConcurrentExecutions", "Errors", "Throttles"]).toContain(l.metric);
      expect(l.dimensions).toStrictEqual({ FunctionName: functions[0] });
    }
  });

  test("DLQ depth shows every lane's dead-letter queue; objects and heartbeats every cluster", () => {
    expect(lines(/^Dead-letter/).map((l) => l.dimensions["QueueName"])).toStrictEqual(
      EU_CLUSTERS.map((c) => `lh-prod-processor-${c}-dlq`),
    );
    expect(lines(/^Staged objects/).map((l) => l.dimensions["QueueName"])).toStrictEqual(
      EU_CLUSTERS.map((c) => `lh-prod-processor-${c}-queue`),
    );
    expect(lines(/^Agent heartbeats/).map((l) => l.dimensions[CLUSTER_DIMENSION])).toStrictEqual(EU_CLUSTERS);
  });

  test("lag graphs the percentiles the alarm reads", () => {
    expect(
      lines(/^Lag/)
        .filter((l) => l.metric === METRIC.objectLag)
        .map((l) => l.stat),
    ).toStrictEqual(["p50", "p99"]);
  });
});
