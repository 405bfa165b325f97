/** Permissions of a tenant's delivery role, and the statements the customer adds to their own resources. */
import { bucketObjectsArn, logGroupContentsArn, logGroupPrefixArn } from "../../inventory/names";
import type { ResolvedDelivery, ResolvedS3Delivery, ResolvedTenant } from "../../inventory/resolved";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../common/policy-documents";

/**
 * The processor writes with `x-amz-acl: bucket-owner-full-control` (so the bucket owner owns
 * the object even where ACLs are still enabled), which S3 also authorizes as s3:PutObjectAcl.
 * The condition makes that the only ACL this role can ever set: never a public one.
 */
const S3_WRITE_ACTIONS = ["s3:PutObject", "s3:PutObjectAcl"];
const S3_WRITE_CONDITION = { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } };

function s3WriteStatement(sid: string, delivery: ResolvedS3Delivery, principalArn?: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    ...(principalArn === undefined ? {} : { Principal: { AWS: principalArn } }),
    Action: S3_WRITE_ACTIONS,
    Resource: bucketObjectsArn(delivery.bucket, delivery.prefix),
    Condition: S3_WRITE_CONDITION,
  };
}

function deliveryStatement(tenant: ResolvedTenant, delivery: ResolvedDelivery, index: number): PolicyStatement {
  const sid = `Delivery${index + 1}`;
  if (delivery.type === "s3") return s3WriteStatement(`${sid}PutObjects`, delivery);
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

/** What the owner of an S3 destination adds to its bucket policy (needed when the bucket is in another account). */
export function destinationBucketStatement(delivery: ResolvedS3Delivery, deliveryRoleArn: string): PolicyStatement {
  return s3WriteStatement("LoghopDeliveryRoleWritesPrefix", delivery, deliveryRoleArn);
}
