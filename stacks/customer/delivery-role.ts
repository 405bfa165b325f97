/**
 * Everything a tenant's account holds for loghop, as data: the delivery role (name, path, trust,
 * permissions), the log groups created up front and the bucket-policy statements the bucket
 * owner adds. The customer stack, the CloudFormation template and the onboarding page are three
 * renderings of this one definition, so they cannot disagree.
 */
import { centralNames, parseRoleArn, roleArn } from "../../inventory/names";
import type { ResolvedInventory, ResolvedS3Delivery, ResolvedTenant } from "../../inventory/resolved";
import { roleTrustPolicy, type PolicyDocument, type PolicyStatement } from "../common/policy-documents";
import { deliveryRolePolicy, destinationBucketStatement } from "./customer-policies";

/** STS sessions of the delivery role last at most an hour: a role removed from the inventory stops being used soon. */
export const DELIVERY_ROLE_MAX_SESSION_SECONDS = 3600;
/** Name of the role's one inline policy. */
export const DELIVERY_ROLE_POLICY_NAME = "deliveries";

/** A log group of a `logGroupName` delivery: created with the role (prefix-mode groups are created on delivery). */
export interface DeliveryLogGroup {
  /** 1-based number of the delivery in the tenant's list: names the Terraform and CloudFormation resources. */
  readonly deliveryNumber: number;
  readonly region: string;
  readonly name: string;
  readonly retentionDays: number;
  readonly kmsKeyArn: string | undefined;
}

export interface DeliveryBucketStatement {
  readonly deliveryNumber: number;
  readonly delivery: ResolvedS3Delivery;
  readonly statement: PolicyStatement;
}

export interface DeliveryRoleDefinition {
  readonly arn: string;
  readonly name: string;
  /** IAM path, `/` unless the tenant's own ARN has one. */
  readonly path: string;
  readonly description: string;
  readonly maxSessionSeconds: number;
  /** The one principal the role trusts. */
  readonly centralRoleArn: string;
  /** ExternalIds the trust accepts: the tenant's, then those of a rotation. */
  readonly externalIds: readonly string[];
  readonly trustPolicy: PolicyDocument;
  readonly policyName: string;
  readonly policy: PolicyDocument;
  readonly logGroups: readonly DeliveryLogGroup[];
  readonly bucketStatements: readonly DeliveryBucketStatement[];
  /** Region of the role's home (first delivery region): where the global IAM role is created. */
  readonly homeRegion: string;
  /** Every region that holds something of the tenant's (delivery regions, home first). */
  readonly regions: readonly string[];
}

export function centralRoleArnOf(inventory: ResolvedInventory): string {
  return roleArn(inventory.central.accountId, centralNames.centralRole(inventory.prefix));
}

export function deliveryRoleDefinition(inventory: ResolvedInventory, tenant: ResolvedTenant): DeliveryRoleDefinition {
  const { name, path } = parseRoleArn(tenant.deliveryRoleArn);
  const centralRoleArn = centralRoleArnOf(inventory);
  const externalIds = [tenant.externalId, ...tenant.acceptedExternalIds];
  const regions = [...new Set(tenant.deliveries.map((delivery) => delivery.region))];
  const logGroups: DeliveryLogGroup[] = [];
  const bucketStatements: DeliveryBucketStatement[] = [];
  tenant.deliveries.forEach((delivery, index) => {
    const deliveryNumber = index + 1;
    if (delivery.type === "cloudwatch" && delivery.logGroupName !== undefined) {
      logGroups.push({
        deliveryNumber,
        region: delivery.region,
        name: delivery.logGroupName,
        retentionDays: delivery.retentionDays,
        kmsKeyArn: delivery.kmsKeyArn,
      });
    }
    if (delivery.type === "s3") {
      bucketStatements.push({
        deliveryNumber,
        delivery,
        statement: destinationBucketStatement(delivery, tenant.deliveryRoleArn),
      });
    }
  });
  return {
    arn: tenant.deliveryRoleArn,
    name,
    path,
    description: `loghop: assumed by the ${inventory.prefix} central role to deliver ${tenant.id}'s logs`,
    maxSessionSeconds: DELIVERY_ROLE_MAX_SESSION_SECONDS,
    centralRoleArn,
    externalIds,
    // The central role, and only with this tenant's own ExternalId: a request made for another
    // tenant carries another ExternalId and cannot land here (confused deputy).
    trustPolicy: roleTrustPolicy([centralRoleArn], externalIds),
    policyName: DELIVERY_ROLE_POLICY_NAME,
    policy: deliveryRolePolicy(tenant),
    logGroups,
    bucketStatements,
    homeRegion: regions[0] ?? (inventory.central.regions[0] as string),
    regions,
  };
}
