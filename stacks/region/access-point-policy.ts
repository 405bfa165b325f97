/**
 * The policy of one cluster's access point on the staging bucket, as data: the lane stack applies
 * it, `loghop validate` measures it, the tests evaluate it. No cdktf here.
 *
 * This is where a cluster is bound to its prefix. The bucket policy only delegates writes to the
 * installation's access points (staging-bucket-policy.ts); each access point admits exactly one
 * principal — its cluster's Vector role, by exact ARN — and only under that cluster's prefix. So a
 * cluster's grant costs its own document, never bytes of a shared one.
 */
import { accessPointObjectsArn, accountRootArn } from "../../inventory/names";
import type { PolicyStatement } from "../common/policy-documents";
import type { ClusterWriter } from "./cluster-writers";

export function accessPointPolicy(writer: ClusterWriter, region: string, centralAccountId: string): PolicyStatement[] {
  return [
    {
      Sid: "ClusterAgentWritesOwnPrefix",
      Effect: "Allow",
      // The account root, never the role ARN: the role is created later, by the cluster stack.
      Principal: { AWS: accountRootArn(writer.accountId) },
      Action: "s3:PutObject",
      Resource: accessPointObjectsArn(region, centralAccountId, writer.accessPointName, writer.keyPrefix),
      Condition: { StringEquals: { "aws:PrincipalArn": writer.roleArn } },
    },
  ];
}
