/** Permissions of a tenant's delivery role, and the statements the customer adds to their own resources. */
import { bucketArn, bucketObjectsArn, logGroupContentsArn, logGroupPrefixArn } from "../../inventory/names";
import type { ResolvedDelivery, ResolvedS3Delivery, ResolvedTenant } from "../../inventory/resolved";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../common/policy-documents";

function deliveryStatement(tenant: ResolvedTenant, delivery: ResolvedDelivery, index: number): PolicyStatement {
  const sid = `Delivery${index + 1}`;
  if (delivery.type === "s3") {
    // PutObject only: no ACL permission, the destination should enforce bucket-owner ownership.
    return {
      Sid: `${sid}PutObjects`,
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: bucketObjectsArn(delivery.bucket, delivery.prefix),
    };
  }
  if (delivery.logGroupName !== undefined) {
    // The group itself is created by this stack: the role only writes streams and events in it.
    return {
      Sid: `${sid}WriteLogGroup`,
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: logGroupContentsArn(delivery.region, tenant.accountId, delivery.logGroupName),
    };
  }
  // Prefix mode: one group per application, created on first delivery, so the role may create
  // groups and set their retention — only under the tenant's prefix.
  return {
    Sid: `${sid}CreateAndWriteLogGroupsUnderPrefix`,
    Effect: "Allow",
    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:PutRetentionPolicy"],
    Resource: logGroupPrefixArn(delivery.region, tenant.accountId, delivery.logGroupPrefix as string),
  };
}

export function deliveryRolePolicy(tenant: ResolvedTenant): PolicyDocument {
  return policyDocument(tenant.deliveries.map((delivery, index) => deliveryStatement(tenant, delivery, index)));
}

/** What the owner of an S3 destination adds to its bucket policy (same or another account). */
export function destinationBucketStatement(delivery: ResolvedS3Delivery, deliveryRoleArn: string): PolicyStatement {
  return {
    Sid: "LoghopDeliveryRoleWritesPrefix",
    Effect: "Allow",
    Principal: { AWS: deliveryRoleArn },
    Action: "s3:PutObject",
    Resource: bucketObjectsArn(delivery.bucket, delivery.prefix),
  };
}

/** Bucket ARN of an S3 delivery, for output descriptions. */
export function destinationBucketArn(delivery: ResolvedS3Delivery): string {
  return bucketArn(delivery.bucket);
}
