/** The DynamoDB tenant table's items: one per tenant delivery, written by the region stacks. */
import type { ResolvedDelivery, ResolvedInventory, ResolvedTenant } from "../../inventory/resolved";
import { compareText } from "../sort";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";

function destination(delivery: ResolvedDelivery): Partial<TenantDeliveryItem> {
  if (delivery.type === "s3") return { bucket: delivery.bucket, prefix: delivery.prefix };
  return {
    ...(delivery.logGroupName !== undefined ? { logGroupName: delivery.logGroupName } : {}),
    ...(delivery.logGroupPrefix !== undefined ? { logGroupPrefix: delivery.logGroupPrefix } : {}),
    ...(delivery.kmsKeyArn !== undefined ? { kmsKeyArn: delivery.kmsKeyArn } : {}),
    retentionDays: delivery.retentionDays,
  };
}

function item(tenant: ResolvedTenant, delivery: ResolvedDelivery): TenantDeliveryItem {
  return {
    tenantId: tenant.id,
    deliveryId: delivery.id,
    type: delivery.type,
    region: delivery.region,
    accountId: tenant.accountId,
    roleArn: tenant.deliveryRoleArn,
    externalId: tenant.externalId,
    enabled: tenant.enabled && delivery.enabled,
    // Sorted: an allow-list's order means nothing, and sorted output is stable.
    ...(tenant.desiredLogs !== undefined ? { desiredLogs: [...tenant.desiredLogs].sort() } : {}),
    allowedClusters: [...tenant.clusterIds].sort(),
    ...destination(delivery),
  };
}

const byKey = (a: TenantDeliveryItem, b: TenantDeliveryItem): number =>
  compareText(a.tenantId, b.tenantId) || compareText(a.deliveryId, b.deliveryId);

/** Every delivery of every tenant, sorted by (tenantId, deliveryId), the table's keys. */
export function buildTenantDeliveryItems(inv: ResolvedInventory): TenantDeliveryItem[] {
  return inv.tenants.flatMap((tenant) => tenant.deliveries.map((d) => item(tenant, d))).sort(byKey);
}
