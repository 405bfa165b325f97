/** The processor's execution-role policy as data: the stack applies it, `loghop validate` measures it. */
import { bucketObjectsArn, logGroupContentsArn, regionalServiceHost } from "../../inventory/names";
import { policyDocument, type PolicyDocument } from "../common/policy-documents";
import type { RegionNames } from "./region-names";

/**
 * Exactly what the processor does, on exactly its own resources. No
 * cloudwatch:PutMetricData: metrics leave as Embedded Metric Format log lines,
 * which CloudWatch turns into metrics, so the log permission covers them.
 */
export function processorExecutionPolicy(names: RegionNames, kmsKeyArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "ReadStagedObjects",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: bucketObjectsArn(names.bucket, ""),
    },
    {
      // The processor reads one tenant shard item at a time (processor/tenant-config); no Query, no Scan.
      Sid: "ReadTenantConfiguration",
      Effect: "Allow",
      Action: "dynamodb:GetItem",
      Resource: names.tenantTableArn,
    },
    {
      Sid: "ReadWriteCheckpoints",
      Effect: "Allow",
      // Leases and progress are conditional UpdateItems (processor/checkpoints); TTL deletes.
      Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
      Resource: names.checkpointTableArn,
    },
    // A region without clusters has no queue: nothing to consume.
    ...(names.lanes.length === 0
      ? []
      : [
          {
            // Every lane's queue by loghop's queue name, not one ARN per cluster: the list filled
            // the role's 10,240-character inline policy at ~120 clusters. Only queues of this
            // account and region named `<prefix>-processor-…-queue` match — the lanes loghop
            // creates, never their DLQs (`-dlq`); README "Security model" names the one caveat.
            Sid: "ConsumeProcessorQueues",
            Effect: "Allow" as const,
            Action: [
              "sqs:ChangeMessageVisibility",
              "sqs:DeleteMessage",
              "sqs:GetQueueAttributes",
              "sqs:ReceiveMessage",
            ],
            Resource: names.laneQueuePattern,
          },
        ]),
    {
      // First hop of the double hop; the central role then assumes the tenant's role.
      Sid: "AssumeCentralRoleOnly",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: names.centralRoleArn,
    },
    {
      Sid: "DecryptStagedObjectsAndMessages",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: kmsKeyArn,
      Condition: {
        StringEquals: {
          "kms:ViaService": [regionalServiceHost("s3", names.region), regionalServiceHost("sqs", names.region)],
        },
      },
    },
    {
      Sid: "WriteOwnLogsAndMetrics",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: logGroupContentsArn(names.region, names.accountId, names.functionLogGroup),
    },
  ]);
}
