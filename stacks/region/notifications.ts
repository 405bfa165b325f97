/**
 * Staged object → S3 event → SNS topic → the cluster's own SQS queue (→ its DLQ
 * after maxReceiveCount). One queue per cluster — a lane — so one cluster's
 * backlog waits in its own queue and never ahead of another cluster's objects
 * (README "The processor: limits, fairness and staging-bucket rules"). The topic
 * is the fan-out point: other consumers may subscribe their own queues.
 *
 * The topic and the bucket notification (S3 keeps one per bucket) are the region
 * stack's; the lanes are built by `laneQueues` in the lane stacks (stacks/lanes), so
 * the region stack does not grow with its clusters.
 */
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import type { Construct } from "constructs";
import { policyDocument, policyJson } from "../common/policy-documents";
import { laneFilterPolicy, queuePolicy, topicPolicy } from "./notification-policies";
import type { QueueLane, RegionNames } from "./region-names";

/** Suffix of the objects Vector stages; anything else in the bucket raises no event. */
export const STAGED_OBJECT_SUFFIX = ".json.gz";
/** A message is retried for up to 4 days … */
export const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
/** … and kept for the SQS maximum (14 days) once dead-lettered, so someone can redrive it. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
/** AWS guidance for Lambda consumers: visibility ≥ 6 × the function timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface NotificationsProps {
  readonly names: RegionNames;
  readonly kmsKeyArn: string;
  readonly bucketId: string;
}

export function notifications(scope: Construct, props: NotificationsProps): SnsTopic {
  const { names } = props;
  const topic = new SnsTopic(scope, "staged-objects-topic", { name: names.topic, kmsMasterKeyId: props.kmsKeyArn });
  const topicPolicyResource = new SnsTopicPolicy(scope, "staged-objects-topic-policy", {
    arn: topic.arn,
    policy: policyJson(policyDocument(topicPolicy(names))),
  });
  new S3BucketNotification(scope, "staged-object-notification", {
    bucket: props.bucketId,
    topic: [{ topicArn: topic.arn, events: ["s3:ObjectCreated:*"], filterSuffix: STAGED_OBJECT_SUFFIX }],
    // S3 test-publishes to the topic when the notification is configured: the policy must be in place.
    dependsOn: [topicPolicyResource],
  });
  return topic;
}

export interface LaneQueuesProps {
  readonly names: RegionNames;
  /** The region key: its alias in a lane stack (the key id is only known after the region's apply). */
  readonly kmsKeyId: string;
  readonly functionTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

export interface LaneQueues {
  readonly lane: QueueLane;
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
}

/** One lane: DLQ, queue, the policy letting the topic deliver, and the filtered subscription to the topic. */
export function laneQueues(scope: Construct, props: LaneQueuesProps, lane: QueueLane): LaneQueues {
  const id = (what: string): string => `${what}-${lane.clusterId}`;
  const deadLetterQueue = new SqsQueue(scope, id("processor-dlq"), {
    name: lane.deadLetterQueue,
    messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    kmsMasterKeyId: props.kmsKeyId,
    // Only the lane's queue may dead-letter into it.
    redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [lane.queueArn] }),
  });
  const queue = new SqsQueue(scope, id("processor-queue"), {
    name: lane.queue,
    messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * props.functionTimeoutSeconds,
    kmsMasterKeyId: props.kmsKeyId,
    // Reuse a data key for 5 minutes: fewer KMS calls per message.
    kmsDataKeyReusePeriodSeconds: 300,
    // The DLQ's ARN is known at synth time; dependsOn gives Terraform the order the name hides.
    redrivePolicy: JSON.stringify({
      deadLetterTargetArn: lane.deadLetterQueueArn,
      maxReceiveCount: props.maxReceiveCount,
    }),
    dependsOn: [deadLetterQueue],
  });
  const queuePolicyResource = new SqsQueuePolicy(scope, id("processor-queue-policy"), {
    queueUrl: queue.url,
    policy: policyJson(policyDocument(queuePolicy(props.names, lane))),
  });
  new SnsTopicSubscription(scope, id("processor-queue-subscription"), {
    // The topic is the region stack's, deployed before this one: its ARN is known at synth time.
    topicArn: props.names.topicArn,
    protocol: "sqs",
    endpoint: queue.arn,
    // The queue receives the S3 event itself, not an SNS envelope around it.
    rawMessageDelivery: true,
    filterPolicyScope: "MessageBody",
    filterPolicy: JSON.stringify(laneFilterPolicy(lane)),
    dependsOn: [queuePolicyResource],
  });
  return { lane, queue, deadLetterQueue };
}
