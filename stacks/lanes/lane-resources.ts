/**
 * The Terraform resources of one lane stack, as data (no cdktf): `loghop validate` counts them
 * against the loghop limit on resources per stack before anything is synthesized. The decisions
 * are the ones the lane stack makes, from the same functions (the shape's parts, the lane alarm
 * specs, whether a worker needs an OIDC provider); test/stacks/lane-stacks.test.ts checks the
 * count against the synthesized stack.
 */
import { regionParts } from "../../inventory/processor-mode";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { laneAlarmSpecs } from "../region/alarm-specs";
import type { QueueLane } from "../region/region-names";
import type { LaneGroup } from "./lane-groups";

/**
 * IAM trusts only an OIDC provider of the role's own account: a worker on a cluster outside the
 * central account needs the cluster's issuer registered there (its lane stack does it).
 */
export function workerNeedsOidcProvider(inventory: ResolvedInventory, cluster: ResolvedCluster): boolean {
  return cluster.processorWorker !== undefined && cluster.accountId !== inventory.central.accountId;
}

/** Resource types of one cluster's lane, one entry per resource. */
export function laneResourceTypes(inventory: ResolvedInventory, cluster: ResolvedCluster, lane: QueueLane): string[] {
  const parts = regionParts(inventory.central.processor.mode);
  const alarms = laneAlarmSpecs({ prefix: inventory.prefix, settings: inventory.central.alarms }, lane);
  return [
    "aws_s3_access_point",
    ...(parts.queues
      ? [
          "aws_sqs_queue", // DLQ
          "aws_sqs_queue",
          "aws_sqs_queue_policy",
          "aws_sns_topic_subscription",
        ]
      : []),
    ...(parts.lambda ? ["aws_lambda_event_source_mapping"] : []),
    ...(parts.queues ? alarms.map(() => "aws_cloudwatch_metric_alarm") : []),
    ...(workerNeedsOidcProvider(inventory, cluster) ? ["aws_iam_openid_connect_provider"] : []),
    ...(cluster.processorWorker !== undefined ? ["aws_iam_role", "aws_iam_role_policy"] : []),
  ];
}

/** How many resources the lane stack of `group` holds. */
export function laneStackResourceCount(
  inventory: ResolvedInventory,
  group: LaneGroup,
  lanes: readonly QueueLane[],
): number {
  const byCluster = new Map(lanes.map((lane) => [lane.clusterId, lane]));
  return group.clusters.reduce((sum, cluster) => {
    const lane = byCluster.get(cluster.id);
    return lane === undefined ? sum : sum + laneResourceTypes(inventory, cluster, lane).length;
  }, 0);
}
