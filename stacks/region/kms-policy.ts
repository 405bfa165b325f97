/** The pipeline key's policy as data: the stack applies it, `loghop validate` measures it (no cdktf here). */
import {
  accountRootArn,
  alarmNamePrefix,
  regionalResourceArns,
  regionalServiceHost,
  roleArn,
  vectorRoleName,
} from "../../inventory/names";
import type { PolicyStatement } from "../common/policy-documents";
import { writerAccountRoots, type ClusterWriter } from "./cluster-writers";
import type { RegionNames } from "./region-names";

export interface PipelineKeyProps {
  readonly names: RegionNames;
  readonly prefix: string;
  readonly writers: readonly ClusterWriter[];
  /**
   * The region has the topic, queues and alarm topic (shapes `lambda` and `queue`). Without them
   * (`none`) S3, SNS and CloudWatch get no grant on the key: nothing of theirs is encrypted with it.
   */
  readonly queues: boolean;
}

const ENVELOPE_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

/** A service may use the key only for requests made on behalf of this account's `sourceArn`. */
function serviceStatement(sid: string, service: string, accountId: string, sourceArn: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: ENVELOPE_ACTIONS,
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": sourceArn } },
  };
}

export function pipelineKeyPolicy(props: PipelineKeyProps): PolicyStatement[] {
  const { names, writers } = props;
  const statements: PolicyStatement[] = [
    {
      // Without it IAM policies in the account cannot grant use of the key (the processor's
      // kms:Decrypt) and nobody could ever change this policy again.
      Sid: "EnableIamPoliciesOfTheAccount",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(names.accountId) },
      Action: "kms:*",
      Resource: "*",
    },
    ...(props.queues
      ? [
          // S3 encrypts its event notification for the encrypted topic: without this grant the
          // bucket notification is rejected (or events are silently lost).
          serviceStatement("S3PublishesStagedObjectEvents", "s3.amazonaws.com", names.accountId, names.bucketArn),
          serviceStatement("SnsDeliversToEncryptedQueue", "sns.amazonaws.com", names.accountId, names.topicArn),
          serviceStatement(
            "CloudWatchPublishesAlarms",
            "cloudwatch.amazonaws.com",
            names.accountId,
            regionalResourceArns.alarms(names.region, names.accountId, alarmNamePrefix(props.prefix)),
          ),
        ]
      : []),
  ];
  if (writers.length > 0) {
    // Clusters live in other accounts. The account root is the Principal (it always exists,
    // unlike a role that a later stack creates); the conditions narrow it to roles named like a
    // loghop Vector role, used only by S3 for objects of this bucket. A name pattern, not each
    // role's ARN (500 clusters made a 50 KB list against the 32 KB limit): the key is only a
    // means — S3 asks for a data key on a caller's behalf only after the bucket and that cluster's
    // access point have allowed the write (staging-bucket-policy.ts, access-point-policy.ts), so a
    // role that matches the pattern but is no cluster's agent gets nothing it could use.
    statements.push({
      Sid: "ClusterAgentsEncryptStagedObjects",
      Effect: "Allow",
      Principal: { AWS: writerAccountRoots(writers) },
      Action: "kms:GenerateDataKey",
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:ViaService": regionalServiceHost("s3", names.region),
          "kms:EncryptionContext:aws:s3:arn": names.bucketArn,
        },
        ArnLike: { "aws:PrincipalArn": roleArn("*", vectorRoleName(props.prefix, "*")) },
      },
    });
  }
  return statements;
}
