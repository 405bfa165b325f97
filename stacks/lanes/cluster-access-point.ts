/**
 * A cluster's own access point on its region's staging bucket: the only way its Vector role can
 * write (stacks/region/access-point-policy.ts says who and where). In the central account, with
 * the bucket; created by the cluster's lane stack so the region stack does not grow with clusters.
 */
import { S3AccessPoint } from "@cdktf/provider-aws/lib/s3-access-point";
import type { Construct } from "constructs";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { policyDocument, policyJson } from "../common/policy-documents";
import { accessPointPolicy } from "../region/access-point-policy";
import { clusterWriter } from "../region/cluster-writers";

export function clusterAccessPoint(
  scope: Construct,
  inventory: ResolvedInventory,
  cluster: ResolvedCluster,
  bucket: string,
): S3AccessPoint {
  const writer = clusterWriter(inventory, cluster);
  const central = inventory.central.accountId;
  return new S3AccessPoint(scope, `access-point-${cluster.id}`, {
    name: writer.accessPointName,
    bucket,
    accountId: central,
    policy: policyJson(policyDocument(accessPointPolicy(writer, cluster.region, central))),
    // No VPC configuration: the agents reach S3 over the internet (or their own VPC endpoint).
    // Block Public Access on the access point as on the bucket, whatever the account default.
    publicAccessBlockConfiguration: {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
  });
}
