/** The staging bucket's policy as data: the stack applies it, `loghop validate` measures it (no cdktf here). */
import { accessPointArn, accessPointNamePattern, bucketObjectsArn } from "../../inventory/names";
import { denyWithoutTls, type PolicyStatement } from "../common/policy-documents";
import type { ClusterWriter } from "./cluster-writers";
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
 * Writes are delegated to the installation's access points, one per cluster (AWS's documented
 * "delegating access control to access points"): this statement admits a PutObject only when it
 * arrives through an access point of the central account named `<prefix>-*`, and each access point's
 * own policy names the one Vector role and the one prefix it admits (access-point-policy.ts). A
 * request must pass both, plus the caller's identity policy, so the statement is constant in size:
 * the bucket policy no longer grows with clusters (at 59 clusters a per-role list filled its 20 KB).
 *
 * Who could widen it: only whoever can create access points in the central account, which is the
 * bucket owner — who can rewrite this policy anyway. A cluster's account cannot: an access point
 * of another account fails `s3:DataAccessPointAccount`, and a direct write (no access point) has no
 * `s3:DataAccessPointArn` at all, so nothing here allows it.
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
  statements.push({
    Sid: "ClusterAgentsWriteThroughOwnAccessPoints",
    Effect: "Allow",
    // Fixed account and ARN pattern in the condition keep the statement non-public (Block Public Access).
    Principal: { AWS: "*" },
    Action: "s3:PutObject",
    Resource: bucketObjectsArn(names.bucket, ""),
    Condition: {
      StringEquals: { "s3:DataAccessPointAccount": names.accountId },
      ArnLike: {
        "s3:DataAccessPointArn": accessPointArn(names.region, names.accountId, accessPointNamePattern(prefix)),
      },
    },
  });
  return statements;
}
