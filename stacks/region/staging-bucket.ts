/**
 * The staging bucket: clusters write `<cluster-id>/<tenant>/<app>/<pod>/….json.gz`,
 * the processor reads each object once. Objects are transient, so the bucket is
 * locked down and expires everything after `stagingRetentionDays`.
 *
 * Versioning is deliberately off: every key is written once (Vector names objects
 * with a timestamp and a random suffix), nothing is ever overwritten in place, and
 * the copy that matters lives in the tenant's account after delivery. Versioning
 * would only keep noncurrent copies of short-lived data and need a second
 * lifecycle rule; the checkpoint id falls back to the ETag when there is no version.
 */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { Construct } from "constructs";
import { bucketObjectsArn } from "../../inventory/names";
import { denyWithoutTls, policyDocument, policyJson, type PolicyStatement } from "../common/policy-documents";
import { writerAccountRoots, type ClusterWriter } from "./cluster-writers";
import type { RegionNames } from "./region-names";

export interface StagingBucketProps {
  readonly names: RegionNames;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  readonly writers: readonly ClusterWriter[];
}

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

export function stagingBucket(scope: Construct, props: StagingBucketProps): S3Bucket {
  const { names } = props;
  const bucket = new S3Bucket(scope, "staging-bucket", { bucket: names.bucket, forceDestroy: false });
  new S3BucketOwnershipControls(scope, "staging-ownership", {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  const publicAccess = new S3BucketPublicAccessBlock(scope, "staging-public-access", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, "staging-encryption", {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
        // One data key per bucket instead of per object: ~99% fewer KMS calls at this volume.
        bucketKeyEnabled: true,
      },
    ],
  });
  new S3BucketVersioningA(scope, "staging-versioning", {
    bucket: bucket.id,
    versioningConfiguration: { status: "Disabled" },
  });
  new S3BucketLifecycleConfiguration(scope, "staging-lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "expire-staged-objects",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: props.retentionDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
      },
    ],
  });
  new S3BucketPolicy(scope, "staging-policy", {
    bucket: bucket.id,
    policy: policyJson(policyDocument(stagingBucketPolicy(names, props.writers, props.kmsKeyArn))),
    // Applying a policy while the public access block is being created races on S3's side.
    dependsOn: [publicAccess],
  });
  return bucket;
}
