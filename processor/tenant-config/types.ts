/**
 * One item of the DynamoDB tenant table: one delivery of one tenant.
 * Written by the region stacks (from generators/processor-config), read by the processor.
 * Partition key `tenantId`, sort key `deliveryId`.
 */
export interface TenantDeliveryItem {
  readonly tenantId: string;
  /** Stable id of the destination, e.g. `cloudwatch:eu-west-1:/loghop/acme` or `s3:eu-west-1:bucket/prefix/`. */
  readonly deliveryId: string;
  readonly type: "cloudwatch" | "s3";
  /** Region of the destination (the customer's log group or bucket). */
  readonly region: string;
  /** The tenant's AWS account. */
  readonly accountId: string;
  /** Role in the tenant's account the central role assumes. */
  readonly roleArn: string;
  /** The tenant's own ExternalId, presented on that AssumeRole. */
  readonly externalId: string;
  /** Tenant enabled AND delivery enabled. */
  readonly enabled: boolean;
  /** Lower-cased application allow-list; absent = every application. */
  readonly desiredLogs?: readonly string[];
  /** Clusters allowed to stage objects for this tenant (sorted). */
  readonly allowedClusters: readonly string[];
  /** cloudwatch: one group for every application. */
  readonly logGroupName?: string;
  /** cloudwatch: group per application, `<logGroupPrefix>/<application>`, created on demand. */
  readonly logGroupPrefix?: string;
  /** cloudwatch: KMS key of groups the processor creates (prefix mode); absent = CloudWatch's own encryption. */
  readonly kmsKeyArn?: string;
  /** cloudwatch: retention applied to groups the processor creates. */
  readonly retentionDays?: number;
  /** s3: destination bucket. */
  readonly bucket?: string;
  /** s3: key prefix ("" or ending in `/`). */
  readonly prefix?: string;
}
