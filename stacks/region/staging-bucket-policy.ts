/** The staging bucket's policy as data: the stack applies it, `loghop validate` measures it (no cdktf here). */
import {
  bucketObjectsArn,
  policyVariable,
  roleArn,
  stagedObjectPrefix,
  VECTOR_ROLE_CLUSTER_TAG,
  vectorRoleName,
} from "../../inventory/names";
import { denyWithoutTls, type PolicyStatement } from "../common/policy-documents";
import { writerAccountRoots, type ClusterWriter } from "./cluster-writers";
import type { RegionNames } from "./region-names";

/**
 * Uploads the processor could not read, or that would cost more than the pipeline
 * budgets for, are refused whoever makes them — a compromised cluster included:
 * another KMS key (the processor may not decrypt it), SSE-C (it does not have the
 * key), SSE other than KMS, a storage class other than STANDARD (GLACIER objects
 * cannot be read without a restore; STANDARD_IA/ONEZONE_IA bill 30 days minimum,
 * DEEP_ARCHIVE 180).
 *
 * Each header is absent on a default upload (the bucket's default encryption
 * applies the region key, STANDARD is the default class), and IAM evaluates a
 * negated operator on an absent key as true — `StringNotEquals` and
 * `StringNotEqualsIfExists` alike — so either alone would deny every default
 * upload. Each deny therefore pairs the comparison with `Null: false`: present
 * and different.
 */
export function uploadDenies(objectsArn: string, kmsKeyArn: string): PolicyStatement[] {
  const deny = (Sid: string, Condition: PolicyStatement["Condition"]): PolicyStatement => ({
    Sid,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: objectsArn,
    Condition,
  });
  const presentAndNot = (key: string, value: string): PolicyStatement["Condition"] => ({
    StringNotEquals: { [key]: value },
    Null: { [key]: "false" },
  });
  return [
    deny("DenyOtherKmsKey", presentAndNot("s3:x-amz-server-side-encryption-aws-kms-key-id", kmsKeyArn)),
    deny("DenyEncryptionOtherThanKms", presentAndNot("s3:x-amz-server-side-encryption", "aws:kms")),
    deny("DenyCustomerProvidedKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
    deny("DenyStorageClassOtherThanStandard", presentAndNot("s3:x-amz-storage-class", "STANDARD")),
  ];
}

/**
 * One statement for every cluster of the region, instead of one per cluster (59 clusters filled
 * the 20 KB policy; each cluster now costs its role ARN, plus its account root once per account).
 *
 * The key prefix a writer may use is `${aws:PrincipalTag/loghop-cluster}/`, and the statement
 * applies only when `aws:PrincipalArn` is (a) exactly one of the region's Vector roles and
 * (b) `…:role/<prefix>-${aws:PrincipalTag/loghop-cluster}-vector`. Together they make the tag's
 * value a function of the exact role ARN: the role `<prefix>-<id>-vector` can satisfy (b) only with
 * the tag value `<id>` (fixed text on both sides, and tag values cannot hold `*` or `?`), so the
 * role may write under `<id>/` and nowhere else — whoever set the tag, a session tag included.
 * The binding is the explicit pair (account, cluster) list as before; the tag only carries the
 * role's cluster id into the Resource, where IAM has no variable for a role's name.
 */
export function stagingBucketPolicy(
  names: RegionNames,
  writers: readonly ClusterWriter[],
  kmsKeyArn: string,
  prefix: string,
): PolicyStatement[] {
  const everything = [names.bucketArn, bucketObjectsArn(names.bucket, "")];
  const statements: PolicyStatement[] = [
    denyWithoutTls(everything, "s3:*"),
    ...uploadDenies(bucketObjectsArn(names.bucket, ""), kmsKeyArn),
  ];
  if (writers.length === 0) return statements;
  const clusterTag = policyVariable(`aws:PrincipalTag/${VECTOR_ROLE_CLUSTER_TAG}`);
  statements.push({
    Sid: "ClusterAgentsWriteOwnPrefix",
    Effect: "Allow",
    // Account roots, never a role ARN: the roles are created later, by the cluster stacks.
    Principal: { AWS: writerAccountRoots(writers) },
    Action: "s3:PutObject",
    Resource: bucketObjectsArn(names.bucket, stagedObjectPrefix(clusterTag)),
    Condition: {
      StringEquals: { "aws:PrincipalArn": writers.map((writer) => writer.roleArn).sort() },
      StringLike: { "aws:PrincipalArn": roleArn("*", vectorRoleName(prefix, clusterTag)) },
    },
  });
  return statements;
}
