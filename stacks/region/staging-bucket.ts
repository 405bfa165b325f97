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
import { policyDocument, terraformPolicyJson } from "../common/policy-documents";
import type { ClusterWriter } from "./cluster-writers";
import type { RegionNames } from "./region-names";
import { stagingBucketPolicy } from "./staging-bucket-policy";

export interface StagingBucketProps {
  readonly names: RegionNames;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  readonly writers: readonly ClusterWriter[];
  /** The inventory prefix: the Vector roles' names, which the bucket policy pins writers to. */
  readonly prefix: string;
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
    policy: terraformPolicyJson(
      policyDocument(stagingBucketPolicy(names, props.writers, props.kmsKeyArn, props.prefix)),
    ),
    // Applying a policy while the public access block is being created races on S3's side.
    dependsOn: [publicAccess],
  });
  return bucket;
}
