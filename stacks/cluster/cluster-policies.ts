/** Trust and permissions of a cluster's Vector IRSA role. */
import {
  accessPointObjectsArn,
  bucketArn,
  centralNames,
  regionalResourceArns,
  regionalServiceHost,
} from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { irsaTrustPolicy } from "../common/irsa-trust";
import { policyDocument, type PolicyDocument } from "../common/policy-documents";
import { clusterWriter } from "../region/cluster-writers";

/** Only the agent's service account, in its namespace, of this very cluster (its OIDC provider). */
export function vectorTrustPolicy(cluster: ResolvedCluster): PolicyDocument {
  return irsaTrustPolicy({
    providerArn: cluster.oidcProviderArn,
    issuerUrl: cluster.oidcIssuerUrl,
    namespace: cluster.vector.namespace,
    serviceAccount: cluster.vector.serviceAccount,
  });
}

/**
 * PutObject under the cluster's own prefix, through the cluster's own access point only (a write
 * through the bucket's name is refused by the bucket policy anyway), and KMS only as S3 uses it for
 * this bucket. The key's id is random (known after the region stack's apply), so
 * the key is named by its alias (`kms:ResourceAliases`) on `key/*` of the central
 * account in this region, and the encryption context pins the bucket. The
 * region's key policy grants the same role the same action (cross-account use
 * needs both sides), so neither side alone opens anything.
 */
export function vectorPermissions(inventory: ResolvedInventory, cluster: ResolvedCluster): PolicyDocument {
  const central = inventory.central.accountId;
  const bucket = centralNames.stagingBucket(inventory.prefix, central, cluster.region);
  const writer = clusterWriter(inventory, cluster);
  return policyDocument([
    {
      Sid: "StageUnderOwnClusterPrefix",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: accessPointObjectsArn(cluster.region, central, writer.accessPointName, writer.keyPrefix),
    },
    {
      Sid: "EncryptStagedObjectsViaS3",
      Effect: "Allow",
      Action: "kms:GenerateDataKey",
      Resource: regionalResourceArns.anyKmsKey(cluster.region, central),
      Condition: {
        StringEquals: {
          "kms:ViaService": regionalServiceHost("s3", cluster.region),
          "kms:EncryptionContext:aws:s3:arn": bucketArn(bucket),
        },
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": centralNames.kmsAlias(inventory.prefix) },
      },
    },
  ]);
}
