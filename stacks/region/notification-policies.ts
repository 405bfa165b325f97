/** The topic, queue and subscription filter policies as data: the stack applies them, `loghop validate` measures them. */
import { denyWithoutTls, type PolicyStatement } from "../common/policy-documents";
import type { QueueLane, RegionNames } from "./region-names";

/**
 * SNS payload filter (scope MessageBody) that passes the S3 events of one cluster's
 * keys only. S3 puts one record per event, its key URL-encoded: a cluster id (a DNS
 * label) is left as it is, the `/` after it is kept by AWS and written `%2F` by
 * quote_plus-style encoders (moto): both forms match, and neither can match another
 * cluster because the separator follows the whole id. s3:TestEvent has no Records
 * and reaches no lane (the processor would only acknowledge it).
 */
export function laneFilterPolicy(lane: QueueLane): object {
  const encodedSlash = `${lane.keyPrefix.slice(0, -1)}%2F`;
  return { Records: { s3: { object: { key: [{ prefix: lane.keyPrefix }, { prefix: encodedSlash }] } } } };
}

export function topicPolicy(names: RegionNames): PolicyStatement[] {
  return [
    {
      Sid: "StagingBucketPublishes",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sns:Publish",
      Resource: names.topicArn,
      // SourceAccount too: bucket names are global, a same-named bucket elsewhere must not publish.
      Condition: {
        StringEquals: { "aws:SourceAccount": names.accountId },
        ArnLike: { "aws:SourceArn": names.bucketArn },
      },
    },
    denyWithoutTls(names.topicArn, "sns:Publish"),
  ];
}

export function queuePolicy(names: RegionNames, lane: QueueLane): PolicyStatement[] {
  return [
    {
      Sid: "StagedObjectsTopicDelivers",
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: lane.queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": names.topicArn } },
    },
    denyWithoutTls(lane.queueArn, "sqs:*"),
  ];
}
