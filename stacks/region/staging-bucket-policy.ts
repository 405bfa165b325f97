/** The staging bucket's policy as data: the stack applies it, `loghop validate` measures it (no cdktf here). */
import { bucketObjectsArn } from "../../inventory/names";
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

export function stagingBucketPolicy(
  names: RegionNames,
  writers: readonly ClusterWriter[],
  kmsKeyArn: string,
): PolicyStatement[] {
  const everything = [names.bucketArn, bucketObjectsArn(names.bucket, "")];
  const statements: PolicyStatement[] = [
    denyWithoutTls(everything, "s3:*"),
    ...uploadDenies(bucketObjectsArn(names.bucket, ""), kmsKeyArn),
  ];
  // Cross-account writes need the bucket's consent too. One statement per cluster: its
  // IRSA role may write only under its own `<cluster-id>/` prefix, whatever IAM in the
  // cluster's account says (a compromised cluster cannot stage under another's prefix).
  writers.forEach((writer, index) => {
    statements.push({
      // Sids are alphanumeric only; the index keeps them unique whatever the cluster ids are.
      Sid: `ClusterWritesOwnPrefix${index + 1}`,
      Effect: "Allow",
      Principal: { AWS: writerAccountRoots([writer]) },
      Action: "s3:PutObject",
      Resource: bucketObjectsArn(names.bucket, writer.keyPrefix),
      Condition: { StringEquals: { "aws:PrincipalArn": writer.roleArn } },
    });
  });
  return statements;
}
